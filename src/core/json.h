/* json.h: a small streaming JSON writer into a strbuf.
 *
 * USAGE
 *   struct json j; json_init(&j, &sb);
 *   json_obj_begin(&j);
 *   json_key(&j, "pid"); json_int(&j, 42);
 *   json_key(&j, "path"); json_strn(&j, bytes, n);
 *   json_obj_end(&j);
 *
 * Commas are inserted by the writer. Every string is escaped so the output is
 * valid JSON whatever the bytes were: control characters become \uXXXX and
 * invalid UTF-8 becomes U+FFFD (json_strn returns false when it had to do so,
 * so a caller can add the exact bytes in hex beside it).
 */
#ifndef PROCSCOPE_JSON_H
#define PROCSCOPE_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "core/strbuf.h"

#define JSON_MAX_DEPTH 64

struct json {
	struct strbuf *sb;
	int depth;
	bool after_key;
	bool need_comma[JSON_MAX_DEPTH];
};

void json_init(struct json *j, struct strbuf *sb);
void json_obj_begin(struct json *j);
void json_obj_end(struct json *j);
void json_arr_begin(struct json *j);
void json_arr_end(struct json *j);
void json_key(struct json *j, const char *key);
void json_str(struct json *j, const char *s);
bool json_strn(struct json *j, const void *p, size_t n);
void json_hex(struct json *j, const void *p, size_t n); /* "0a1b..." */
void json_int(struct json *j, long long v);
void json_uint(struct json *j, unsigned long long v);
void json_bool(struct json *j, bool v);
void json_null(struct json *j);
void json_double(struct json *j, double v);
/* A value already in JSON syntax (a number, or a nested document). */
void json_raw(struct json *j, const char *text);

/* Escape bytes as the inside of a JSON string; returns false if bytes were not UTF-8. */
bool json_escape(struct strbuf *sb, const void *p, size_t n);

#endif
