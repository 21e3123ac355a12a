/* mem_basic.c: the memory syscalls with good, bad and NULL arguments. */
#include "selftest.h"

#include <sys/mman.h>

int main(void)
{
	char *p, *q;
	int fd;

	p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mprotect(p, 4096, PROT_READ);
	mprotect(p, 4096, PROT_NONE);
	mprotect(p, 4096, PROT_READ | PROT_WRITE | PROT_EXEC);
	madvise(p, 8192, MADV_DONTNEED);
	madvise(p, 8192, 12345);
	msync(p, 4096, MS_SYNC | MS_INVALIDATE);
	mlock(p, 4096);
	munlock(p, 4096);
	q = mremap(p, 8192, 16384, MREMAP_MAYMOVE);
	munmap(q, 16384);
	mmap(NULL, 4096, PROT_READ, MAP_SHARED, 12345, 4096);
	mmap(NULL, 4096, PROT_READ, MAP_SHARED_VALIDATE | MAP_ANONYMOUS | 0x400, -1, 0);
	mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	fd = memfd_create("procscope-memfd", MFD_CLOEXEC);
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	munmap(p, 4096);
	munmap(NULL, 4096);
	mlockall(MCL_CURRENT | MCL_FUTURE);
	munlockall();
	syscall(SYS_brk, 0);
	return 0;
}
