/* ns.c: `procscope ns [-t TYPE] [--tree] [--json]`, the namespaces as lsns
 * lists them: NS (inode), TYPE, NPROCS, PID (the lowest pid in it), USER
 * (that process's owner), ONS (the owning user namespace) and COMMAND. */
#include <errno.h>
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/json.h"
#include "core/strbuf.h"
#include "core/util.h"
#include "procfs/pid_ns.h"

#define NS_SCHEMA "procscope.ns/1"

static void usage(FILE *f)
{
	fprintf(f, "usage: procscope ns [-t TYPE] [--tree] [--json]\n\n"
		   "List every namespace as lsns does: NS (inode), TYPE, NPROCS, PID (the\n"
		   "lowest pid in it), USER (that process's owner), ONS (the user namespace\n"
		   "that owns it, '-' when it is outside ours) and COMMAND. Processes whose\n"
		   "namespaces are not readable (other users', without root) are counted on\n"
		   "stderr and left out.\n\n"
		   "options:\n"
		   "  -t, --type TYPE  only namespaces of TYPE: mnt net pid uts ipc user cgroup time\n"
		   "      --tree       nest each namespace under the user namespace owning it\n"
		   "  -j, --json       JSON (schema " NS_SCHEMA ", see doc/procfs.md)\n"
		   "  -h, --help       this help\n\n"
		   "examples:\n"
		   "  procscope ns                    like lsns\n"
		   "  procscope ns -t net             network namespaces\n"
		   "  procscope ns --tree             who owns what\n"
		   "  procscope ns --json | jq '.namespaces[] | select(.nprocs == 1)'\n");
}

static const char *user_name(uid_t uid, char buf[32])
{
	struct passwd *pw = getpwuid(uid);

	if (pw)
		return pw->pw_name;
	snprintf(buf, 32, "%u", (unsigned)uid);
	return buf;
}

static void text_row(struct strbuf *sb, const struct ns_entry *e, const char *nscol, int width)
{
	char ub[32];

	sb_printf(sb, "%-*s %-6s %6u %5d %-8s ", width, nscol, ns_type_names[e->type], e->nprocs,
		  (int)e->pid, user_name(e->uid, ub));
	if (e->have_owner)
		sb_printf(sb, "%10llu ", e->owner);
	else
		sb_printf(sb, "%10s ", "-");
	sb_puts(sb, e->command);
	sb_putc(sb, '\n');
}

/* The entry index of e's parent in the tree (the user namespace owning it),
 * or -1 when that one is not listed. */
static long tree_parent(const struct ns_table *t, size_t i)
{
	const struct ns_entry *e = &t->v[i];
	size_t k;

	if (!e->have_owner)
		return -1;
	for (k = 0; k < t->n; k++)
		if (k != i && t->v[k].ino == e->owner && !strcmp(ns_type_names[t->v[k].type], "user"))
			return (long)k;
	return -1;
}

struct tree {
	const struct ns_table *t;
	long *parent;
	bool *shown;
	int width;
	struct strbuf out, pfx, col;
};

static void draw(struct tree *tr, size_t i)
{
	size_t k, last = 0, keep = tr->pfx.len;
	bool any = false;

	sb_reset(&tr->col);
	sb_add(&tr->col, tr->pfx.buf ? tr->pfx.buf : "", tr->pfx.len);
	sb_printf(&tr->col, "%llu", tr->t->v[i].ino);
	text_row(&tr->out, &tr->t->v[i], tr->col.buf, tr->width);
	tr->shown[i] = true;
	for (k = 0; k < tr->t->n; k++)
		if (tr->parent[k] == (long)i) {
			last = k;
			any = true;
		}
	if (!any)
		return;
	/* The prefix of a child replaces our own branch mark by a bar or blank. */
	if (keep >= 2) {
		bool was_last = tr->pfx.buf[keep - 2] == '`';

		tr->pfx.len = keep - 2;
		sb_puts(&tr->pfx, was_last ? "  " : "| ");
	}
	for (k = 0; k < tr->t->n; k++) {
		size_t base = tr->pfx.len;

		if (tr->parent[k] != (long)i)
			continue;
		sb_puts(&tr->pfx, k == last ? "`-" : "|-");
		draw(tr, k);
		tr->pfx.len = base;
		tr->pfx.buf[base] = '\0';
	}
	tr->pfx.len = keep;
}

static void print_tree(const struct ns_table *t, struct strbuf *out, int width)
{
	struct tree tr = { .t = t, .width = width, .out = STRBUF_INIT, .pfx = STRBUF_INIT,
			   .col = STRBUF_INIT };
	size_t i;

	tr.parent = xcalloc(t->n + 1, sizeof(long));
	tr.shown = xcalloc(t->n + 1, sizeof(bool));
	for (i = 0; i < t->n; i++)
		tr.parent[i] = tree_parent(t, i);
	/* A cycle cannot happen (a user ns is owned by its parent), but a pid
	 * reused mid-scan could make one: print anything not yet shown as a root. */
	for (i = 0; i < t->n; i++)
		if (tr.parent[i] < 0 && !tr.shown[i]) {
			sb_reset(&tr.pfx);
			draw(&tr, i);
		}
	for (i = 0; i < t->n; i++)
		if (!tr.shown[i]) {
			tr.parent[i] = -1;
			sb_reset(&tr.pfx);
			draw(&tr, i);
		}
	sb_add(out, tr.out.buf ? tr.out.buf : "", tr.out.len);
	free(tr.parent);
	free(tr.shown);
	sb_release(&tr.out);
	sb_release(&tr.pfx);
	sb_release(&tr.col);
}

static void json_out(struct strbuf *sb, const struct ns_table *t, int type)
{
	struct json j;
	char ub[32];
	size_t i;

	json_init(&j, sb);
	json_obj_begin(&j);
	json_key(&j, "schema");
	json_str(&j, NS_SCHEMA);
	json_key(&j, "namespaces");
	json_arr_begin(&j);
	for (i = 0; i < t->n; i++) {
		const struct ns_entry *e = &t->v[i];

		if (type >= 0 && e->type != type)
			continue;
		json_obj_begin(&j);
		json_key(&j, "ns");
		json_uint(&j, e->ino);
		json_key(&j, "type");
		json_str(&j, ns_type_names[e->type]);
		json_key(&j, "nprocs");
		json_uint(&j, e->nprocs);
		json_key(&j, "pid");
		json_int(&j, e->pid);
		json_key(&j, "uid");
		json_uint(&j, e->uid);
		json_key(&j, "user");
		json_str(&j, user_name(e->uid, ub));
		json_key(&j, "owner_ns");
		if (e->have_owner) {
			json_uint(&j, e->owner);
		} else {
			json_null(&j);
			json_key(&j, "owner_ns_unavailable");
			json_str(&j, e->owner_err == -EPERM ? "outside our user namespace" :
				     e->owner_err == -ESRCH ? "process gone" :
							      strerror(-e->owner_err));
		}
		json_key(&j, "command");
		json_str(&j, e->command);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_key(&j, "processes_read");
	json_uint(&j, t->processes);
	json_key(&j, "processes_unreadable");
	json_uint(&j, t->unreadable);
	json_obj_end(&j);
	sb_putc(sb, '\n');
}

int cmd_ns(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "type", required_argument, NULL, 't' }, { "tree", no_argument, NULL, 'T' },
		{ "json", no_argument, NULL, 'j' },	   { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct strbuf sb = STRBUF_INIT, col = STRBUF_INIT;
	struct ns_table t;
	bool tree = false, json = false;
	int c, type = -1, width = 10, r;
	size_t i;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "t:jh", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			type = ns_type_index(optarg);
			if (type < 0) {
				error("ns: unknown namespace type '%s' (mnt net pid uts ipc user cgroup time)",
				      optarg);
				return EXIT_USAGE;
			}
			break;
		case 'T':
			tree = true;
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			return cmd_bad_option("ns", "t:jh", argv);
		}
	}
	if (optind < argc) {
		error("ns: unexpected argument '%s'", argv[optind]);
		return EXIT_USAGE;
	}
	ns_table_init(&t);
	r = ns_scan(&t);
	if (r < 0) {
		error("ns: read /proc: %s", strerror(-r));
		return EXIT_RUNTIME;
	}
	/* -t keeps only that type; the tree then has nothing to nest under
	 * unless TYPE is user, which is what lsns -t user --tree shows too. */
	if (type >= 0) {
		size_t k = 0;

		for (i = 0; i < t.n; i++) {
			if (t.v[i].type == type)
				t.v[k++] = t.v[i];
			else
				free(t.v[i].command);
		}
		t.n = k;
	}
	if (json) {
		json_out(&sb, &t, type);
	} else {
		if (tree)
			width = 10 + 2 * 8; /* room for nesting 8 deep */
		sb_printf(&sb, "%*s %-6s %6s %5s %-8s %10s %s\n", tree ? -width : width, "NS",
			  "TYPE", "NPROCS", "PID", "USER", "ONS", "COMMAND");
		if (tree) {
			print_tree(&t, &sb, width);
		} else {
			for (i = 0; i < t.n; i++) {
				sb_reset(&col);
				sb_printf(&col, "%llu", t.v[i].ino);
				text_row(&sb, &t.v[i], col.buf, -width);
			}
		}
	}
	fwrite(sb.buf, 1, sb.len, stdout);
	if (!json && t.unreadable)
		warning("ns: %u processes not readable (their namespaces need privilege to see)",
			t.unreadable);
	sb_release(&sb);
	sb_release(&col);
	ns_table_release(&t);
	if (fflush(stdout) != 0 || ferror(stdout))
		return error("ns: write output: %s", strerror(errno)), EXIT_RUNTIME;
	return 0;
}
