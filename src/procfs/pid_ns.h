/* pid_ns.h: the namespaces of processes, as lsns lists them.
 *
 * USAGE
 *   struct ns_table t;
 *   ns_table_init(&t);
 *   r = ns_scan(&t);                   every /proc/PID/ns/TYPE we may read
 *   for (i = 0; i < t.n; i++) t.v[i].ino, t.v[i].type, t.v[i].nprocs ...
 *   ns_table_release(&t);
 *
 * A process whose ns links are not readable (another user's, without
 * privilege) is counted in t.unreadable and left out; one that exits
 * during the scan is simply gone.
 */
#ifndef PROCSCOPE_PID_NS_H
#define PROCSCOPE_PID_NS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* The namespace types lsns lists, in its order (not the *_for_children
 * links, which name namespaces a process's children will get). */
extern const char *const ns_type_names[];
extern const size_t ns_type_count;
/* Index of a type name in ns_type_names, or -1. */
int ns_type_index(const char *name);

/* Parse an ns link text "net:[4026531840]": the type's index and the inode.
 * Pure; 0 or -EINVAL. */
int ns_parse_link(const char *text, int *type, unsigned long long *ino);

struct ns_entry {
	unsigned long long ino;
	int type;		/* index in ns_type_names */
	unsigned nprocs;	/* processes in it */
	pid_t pid;		/* the lowest pid in it (lsns's PID) */
	uid_t uid;		/* that process's owner (its /proc dir's uid) */
	char *command;		/* its cmdline, or "[comm]" when that is empty */
	bool have_owner;	/* owner is known (NS_GET_USERNS worked) */
	unsigned long long owner; /* the user namespace owning it */
	int owner_err;		/* -errno when !have_owner */
};

struct ns_table {
	struct ns_entry *v;
	size_t n, alloc;
	unsigned unreadable; /* processes whose namespaces we could not read */
	unsigned processes;  /* processes read */
};

void ns_table_init(struct ns_table *t);
int ns_scan(struct ns_table *t);
void ns_table_release(struct ns_table *t);

#endif
