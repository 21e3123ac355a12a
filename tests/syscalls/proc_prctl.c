/* proc_prctl: the common prctl options, as strace prints them (t3200 compares). */
#include <sys/prctl.h>
#include "selftest.h"
#include <signal.h>
int main(void){ char n[16];
prctl(PR_SET_NAME, "hello"); prctl(PR_GET_NAME, n); prctl(PR_SET_CHILD_SUBREAPER, 1); int v; prctl(PR_GET_CHILD_SUBREAPER, &v);
prctl(PR_SET_PDEATHSIG, SIGTERM); prctl(PR_GET_PDEATHSIG, &v); prctl(PR_GET_DUMPABLE); prctl(PR_SET_DUMPABLE, 1);
prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0); prctl(PR_GET_NO_NEW_PRIVS, 0,0,0,0); prctl(PR_CAPBSET_READ, 21); prctl(999, 1, 2, 3, 4);
prctl(PR_GET_SECCOMP); prctl(PR_SET_TIMERSLACK, 50000); prctl(PR_GET_TIMERSLACK); prctl(PR_SET_NAME, (char*)1); prctl(PR_GET_KEEPCAPS); prctl(PR_SET_KEEPCAPS, 1);
return 0; }
