#include "core/pidmap.h"

#include <stdlib.h>

#include "core/util.h"

static size_t slot_of(pid_t key, size_t cap)
{
	return ((size_t)key * 2654435761u) & (cap - 1);
}

void *pidmap_get(const struct pidmap *m, pid_t key)
{
	size_t i;

	if (!m->cap)
		return NULL;
	for (i = slot_of(key, m->cap);; i = (i + 1) & (m->cap - 1)) {
		if (m->keys[i] == key)
			return m->vals[i];
		if (m->keys[i] == 0)
			return NULL;
	}
}

static void rehash(struct pidmap *m, size_t ncap)
{
	struct pidmap n = { 0 };
	size_t i;

	n.keys = xcalloc(ncap, sizeof(*n.keys));
	n.vals = xcalloc(ncap, sizeof(*n.vals));
	n.cap = ncap;
	for (i = 0; i < m->cap; i++)
		if (m->keys[i] > 0)
			pidmap_put(&n, m->keys[i], m->vals[i]);
	free(m->keys);
	free(m->vals);
	*m = n;
}

void pidmap_put(struct pidmap *m, pid_t key, void *val)
{
	size_t i;

	if ((m->used + 1) * 4 >= m->cap * 3)
		rehash(m, m->cap ? (m->count * 2 >= m->cap ? m->cap * 2 : m->cap) : 64);
	for (i = slot_of(key, m->cap);; i = (i + 1) & (m->cap - 1)) {
		if (m->keys[i] == key) {
			m->vals[i] = val;
			return;
		}
		if (m->keys[i] <= 0)
			break;
	}
	/* Reuse the first free slot only if key is not further along the probe chain. */
	if (m->keys[i] == -1 && pidmap_get(m, key)) {
		size_t j;

		for (j = slot_of(key, m->cap); m->keys[j] != key; j = (j + 1) & (m->cap - 1))
			;
		m->vals[j] = val;
		return;
	}
	if (m->keys[i] == 0)
		m->used++;
	m->keys[i] = key;
	m->vals[i] = val;
	m->count++;
}

void *pidmap_del(struct pidmap *m, pid_t key)
{
	size_t i;

	if (!m->cap)
		return NULL;
	for (i = slot_of(key, m->cap);; i = (i + 1) & (m->cap - 1)) {
		if (m->keys[i] == key) {
			void *v = m->vals[i];

			m->keys[i] = -1;
			m->vals[i] = NULL;
			m->count--;
			return v;
		}
		if (m->keys[i] == 0)
			return NULL;
	}
}

void pidmap_free(struct pidmap *m)
{
	free(m->keys);
	free(m->vals);
	*m = (struct pidmap){ 0 };
}
