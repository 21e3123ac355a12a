/* selfdesc_mem.c: memory syscalls describing their own trace lines.
 * trace: mmap,mprotect,madvise,munmap
 * run:
 * run: -X raw
 * run: -X verbose
 */
#include "selftest.h"

#include <sys/mman.h>

int main(int argc, char **argv)
{
	char *p;
	long r;

	st_begin(argc, argv);

	p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	want(ptr(p), "mmap(NULL, 8192, %s, %s, -1, 0)",
	     X("PROT_READ|PROT_WRITE", "0x3", "0x3 /* PROT_READ|PROT_WRITE */"),
	     X("MAP_PRIVATE|MAP_ANONYMOUS", "0x22", "0x22 /* MAP_PRIVATE|MAP_ANONYMOUS */"));
	r = mprotect(p, 4096, PROT_NONE);
	want(ret(r), "mprotect(%p, 4096, %s)", p, named("0", "PROT_NONE"));
	r = mprotect(p + 1, 4096, PROT_READ);
	want(err(errno), "mprotect(%p, 4096, %s)", p + 1, named("0x1", "PROT_READ"));
	r = madvise(p, 8192, MADV_DONTNEED);
	want(ret(r), "madvise(%p, 8192, %s)", p, named("0x4", "MADV_DONTNEED"));
	r = munmap(p, 8192);
	want(ret(r), "munmap(%p, 8192)", p);
	r = munmap(BADPTR, 4096);
	want(err(errno), "munmap(%p, 4096)", BADPTR);
	p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, 1000, 0);
	want(err(errno), "mmap(NULL, 4096, %s, %s, 1000, 0)", named("0x1", "PROT_READ"),
	     named("0x1", "MAP_SHARED"));
	return 0;
}
