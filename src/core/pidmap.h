/* pidmap.h: a hash map from pid/tid to a pointer (open addressing).
 *
 * USAGE
 *   struct pidmap m = { 0 };
 *   pidmap_put(&m, tid, p);  p = pidmap_get(&m, tid);  pidmap_del(&m, tid);
 *   for (i = 0; i < m.cap; i++) if (m.keys[i] > 0) ... m.vals[i]
 *   pidmap_free(&m);
 */
#ifndef PROCSCOPE_PIDMAP_H
#define PROCSCOPE_PIDMAP_H

#include <stddef.h>
#include <sys/types.h>

struct pidmap {
	pid_t *keys; /* 0: empty, -1: deleted */
	void **vals;
	size_t cap;
	size_t used; /* live + deleted */
	size_t count;
};

void *pidmap_get(const struct pidmap *m, pid_t key);
void pidmap_put(struct pidmap *m, pid_t key, void *val);
void *pidmap_del(struct pidmap *m, pid_t key);
void pidmap_free(struct pidmap *m);

#endif
