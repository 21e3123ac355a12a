#include "core/json.h"

#include <stdio.h>

void json_init(struct json *j, struct strbuf *sb)
{
	j->sb = sb;
	j->depth = 0;
	j->after_key = false;
	j->need_comma[0] = false;
}

/* Before any value: the comma if one is due, unless a key was just written. */
static void value_prefix(struct json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (j->need_comma[j->depth])
		sb_putc(j->sb, ',');
	j->need_comma[j->depth] = true;
}

static void open_nest(struct json *j, char c)
{
	value_prefix(j);
	sb_putc(j->sb, c);
	if (j->depth + 1 < JSON_MAX_DEPTH)
		j->depth++;
	j->need_comma[j->depth] = false;
}

static void close_nest(struct json *j, char c)
{
	if (j->depth > 0)
		j->depth--;
	sb_putc(j->sb, c);
}

void json_obj_begin(struct json *j) { open_nest(j, '{'); }
void json_obj_end(struct json *j) { close_nest(j, '}'); }
void json_arr_begin(struct json *j) { open_nest(j, '['); }
void json_arr_end(struct json *j) { close_nest(j, ']'); }

void json_key(struct json *j, const char *key)
{
	value_prefix(j);
	sb_putc(j->sb, '"');
	json_escape(j->sb, key, strlen(key));
	sb_add(j->sb, "\":", 2);
	j->after_key = true;
}

/* Length of the valid UTF-8 sequence at p (1..4), or 0 if invalid. */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
	unsigned c = p[0];
	size_t len, i;
	unsigned cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return len;
}

bool json_escape(struct strbuf *sb, const void *data, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = data;
	bool valid = true;
	size_t i = 0;

	while (i < n) {
		unsigned char c = p[i];
		size_t len;

		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
			size_t start = i;

			while (i < n && p[i] >= 0x20 && p[i] < 0x7f && p[i] != '"' && p[i] != '\\')
				i++;
			sb_add(sb, p + start, i - start);
			continue;
		}
		switch (c) {
		case '"': sb_add(sb, "\\\"", 2); i++; continue;
		case '\\': sb_add(sb, "\\\\", 2); i++; continue;
		case '\n': sb_add(sb, "\\n", 2); i++; continue;
		case '\t': sb_add(sb, "\\t", 2); i++; continue;
		case '\r': sb_add(sb, "\\r", 2); i++; continue;
		}
		if (c < 0x20 || c == 0x7f) {
			char u[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };

			sb_add(sb, u, 6);
			i++;
			continue;
		}
		len = utf8_seq(p + i, n - i);
		if (!len) {
			sb_add(sb, "\\ufffd", 6);
			valid = false;
			i++;
			continue;
		}
		sb_add(sb, p + i, len);
		i += len;
	}
	return valid;
}

void json_str(struct json *j, const char *s)
{
	json_strn(j, s, strlen(s));
}

bool json_strn(struct json *j, const void *p, size_t n)
{
	bool ok;

	value_prefix(j);
	sb_putc(j->sb, '"');
	ok = json_escape(j->sb, p, n);
	sb_putc(j->sb, '"');
	return ok;
}

void json_hex(struct json *j, const void *data, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *p = data;
	size_t i;

	value_prefix(j);
	sb_putc(j->sb, '"');
	for (i = 0; i < n; i++) {
		sb_putc(j->sb, hex[p[i] >> 4]);
		sb_putc(j->sb, hex[p[i] & 15]);
	}
	sb_putc(j->sb, '"');
}

void json_int(struct json *j, long long v)
{
	value_prefix(j);
	sb_put_int(j->sb, v);
}

void json_uint(struct json *j, unsigned long long v)
{
	value_prefix(j);
	sb_put_uint(j->sb, v);
}

void json_bool(struct json *j, bool v)
{
	value_prefix(j);
	sb_puts(j->sb, v ? "true" : "false");
}

void json_null(struct json *j)
{
	value_prefix(j);
	sb_puts(j->sb, "null");
}

void json_double(struct json *j, double v)
{
	value_prefix(j);
	sb_printf(j->sb, "%.9g", v);
}

void json_raw(struct json *j, const char *text)
{
	value_prefix(j);
	sb_puts(j->sb, text);
}
