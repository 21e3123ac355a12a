/* ipc_sysv.c: SysV shared memory and semaphores for t3300-net.sh. */
#include "selftest.h"

#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>

int main(void)
{
	struct sembuf op = { .sem_num = 0, .sem_op = 1, .sem_flg = IPC_NOWAIT };
	int shm, sem;
	void *p;

	shm = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);
	p = shmat(shm, NULL, SHM_RDONLY);
	shmdt(p);
	shmctl(shm, IPC_RMID, NULL);
	shmget(0x1234abcd, 4096, 0);
	sem = semget(IPC_PRIVATE, 1, IPC_CREAT | IPC_EXCL | 0640);
	semop(sem, &op, 1);
	semop(sem, BADPTR, 1);
	semctl(sem, 0, IPC_RMID);
	return 0;
}
