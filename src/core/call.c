#include "core/event.h"

#include <stdlib.h>
#include <string.h>

#include "core/util.h"

void call_reset(struct call *c, long nr, const uint64_t args[6])
{
	c->nr = nr;
	memcpy(c->args, args, sizeof(c->args));
	c->ret = 0;
	c->entered = true;
	c->exited = false;
	c->via_seccomp = false;
	c->injected = false;
	c->t_exit = c->mono_exit = 0;
	memset(c->cap, 0, sizeof(c->cap));
	c->data_len = 0;
}

uint8_t *call_cap_alloc(struct call *c, int slot, uint32_t len)
{
	uint32_t need = c->data_len + len;
	struct capture *k = &c->cap[slot];

	if (need > c->data_cap) {
		uint32_t n = c->data_cap ? c->data_cap : 4096;

		while (n < need)
			n *= 2;
		c->data = xrealloc(c->data, n);
		c->data_cap = n;
	}
	k->off = c->data_len;
	k->len = len;
	k->flags = CAP_PRESENT;
	k->err = 0;
	c->data_len = need;
	return c->data + k->off;
}

void call_cap_set_len(struct call *c, int slot, uint32_t len)
{
	struct capture *k = &c->cap[slot];

	/* Only the most recent capture can give back its tail. */
	if (k->off + k->len == c->data_len && len <= k->len)
		c->data_len = k->off + len;
	k->len = len;
}

void call_free(struct call *c)
{
	free(c->data);
	c->data = NULL;
	c->data_cap = c->data_len = 0;
}

void call_copy(struct call *dst, const struct call *src)
{
	uint8_t *data = dst->data;
	uint32_t cap = dst->data_cap;

	if (cap < src->data_len) {
		data = xrealloc(data, src->data_len);
		cap = src->data_len;
	}
	*dst = *src;
	dst->data = data;
	dst->data_cap = cap;
	if (src->data_len)
		memcpy(dst->data, src->data, src->data_len);
}
