/* maps.c: `procscope maps PID [--libs] [--json]`.
 *
 * pmap -x's table (Address, Kbytes, RSS, Dirty, Mode, Mapping, totals)
 * from /proc/PID/smaps, with one column added: the region each mapping is
 * in a memory-layout drawing (text, data, bss, heap, stack, vdso, lib,
 * anon, shm ...). --libs lists the shared libraries mapped, as ldd would
 * list them for the running process. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/json.h"
#include "core/strbuf.h"
#include "core/util.h"
#include "procfs/proc.h"

#define MAPS_SCHEMA "procscope.maps/1"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: procscope maps [--libs] [--json] PID\n\n"
		"The memory mappings of a process as 'pmap -x' shows them (Address, Kbytes,\n"
		"RSS, Dirty, Mode, Mapping, totals), each labelled with its region: text,\n"
		"rodata, data, bss, heap, stack, vdso, vvar, lib (a shared library), file,\n"
		"anon (anonymous mmap) or shm (shared memory).\n\n"
		"options:\n"
		"  -l, --libs    only the shared libraries mapped, as ldd lists them\n"
		"  -j, --json    JSON (schema " MAPS_SCHEMA ", see doc/procfs.md)\n"
		"  -h, --help    this help\n\n"
		"examples:\n"
		"  procscope maps $$                 your shell's memory, region by region\n"
		"  procscope maps --libs 1234        the libraries process 1234 really loaded\n"
		"  procscope maps --json 1234 | jq '.totals'\n");
}

/* pmap's mode: r, w, x, then 's' for shared and 'R' for MAP_NORESERVE. */
static void pmap_mode(char out[6], const struct proc_map *m)
{
	memcpy(out, m->perms, 3);
	out[3] = m->perms[3] == 's' ? 's' : '-';
	out[4] = m->noreserve ? 'R' : '-';
	out[5] = '\0';
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* pmap -x's Mapping column: the file's base name, "[ stack ]", or "[ anon ]"
 * for every other unnamed or bracketed mapping. */
static void pmap_name(struct strbuf *sb, const struct proc_map *m)
{
	if (!m->path || m->path[0] != '/') {
		sb_puts(sb, m->region == REG_STACK && m->path && !strcmp(m->path, "[stack]") ?
				    "  [ stack ]" :
				    "  [ anon ]");
		return;
	}
	sb_puts(sb, base_name(m->path));
	if (m->deleted)
		sb_puts(sb, " (deleted)");
}

struct lib {
	const char *path;
	unsigned long long base;
	bool deleted;
};

static size_t collect_libs(const struct proc_maps *m, const char *exe, struct lib *out, size_t max,
			   const struct proc_map **vdso)
{
	const char **paths = xcalloc(max + 1, sizeof(*paths));
	size_t n = proc_maps_libs(m, exe, paths, max), i, k;

	*vdso = NULL;
	for (i = 0; i < m->n; i++)
		if (m->v[i].region == REG_VDSO)
			*vdso = &m->v[i];
	for (k = 0; k < n; k++) {
		out[k].path = paths[k];
		out[k].base = 0;
		out[k].deleted = false;
		/* the load address: the lowest mapping of the file */
		for (i = 0; i < m->n; i++) {
			if (!m->v[i].path || strcmp(m->v[i].path, paths[k]))
				continue;
			if (!out[k].base || m->v[i].start < out[k].base)
				out[k].base = m->v[i].start;
			out[k].deleted |= m->v[i].deleted;
		}
	}
	free(paths);
	return n;
}

static void print_libs(struct strbuf *out, const struct lib *libs, size_t n,
		       const struct proc_map *vdso)
{
	size_t i;

	/* ldd's lines: "name => path (0xaddress)", the vdso first. */
	if (vdso)
		sb_printf(out, "\tlinux-vdso.so.1 (0x%016llx)\n", vdso->start);
	for (i = 0; i < n; i++) {
		/* the dynamic loader has no "name =>", as in ldd */
		if (strncmp(base_name(libs[i].path), "ld-", 3))
			sb_printf(out, "\t%s => ", base_name(libs[i].path));
		else
			sb_putc(out, '\t');
		sb_printf(out, "%s%s (0x%016llx)\n", libs[i].path,
			  libs[i].deleted ? " (deleted)" : "", libs[i].base);
	}
}

static void print_table(struct strbuf *out, pid_t pid, const char *cmd, const struct proc_maps *m)
{
	unsigned long long tsize = 0, trss = 0, tdirty = 0;
	size_t i;

	sb_printf(out, "%d:   %s\n", pid, cmd);
	sb_printf(out, "%-16s %7s %7s %7s %-5s %-8s %s\n", "Address", "Kbytes", "RSS", "Dirty",
		  "Mode", "Region", "Mapping");
	for (i = 0; i < m->n; i++) {
		const struct proc_map *e = &m->v[i];
		unsigned long long kb = (e->end - e->start) / 1024;
		char mode[6];

		pmap_mode(mode, e);
		sb_printf(out, "%016llx %7llu ", e->start, kb);
		if (e->have_smaps)
			sb_printf(out, "%7llu %7llu ", e->rss, e->dirty);
		else
			sb_printf(out, "%7s %7s ", "-", "-");
		sb_printf(out, "%-5s %-8s ", mode, proc_region_name(e->region));
		pmap_name(out, e);
		sb_putc(out, '\n');
		tsize += kb;
		trss += e->rss;
		tdirty += e->dirty;
	}
	sb_puts(out, "---------------- ------- ------- ------- \n");
	sb_printf(out, "total kB         %7llu ", tsize);
	if (m->n && m->v[0].have_smaps)
		sb_printf(out, "%7llu %7llu\n", trss, tdirty);
	else
		sb_printf(out, "%7s %7s\n", "-", "-");
}

static void json_addr(struct json *j, const char *key, unsigned long long v)
{
	char buf[24];

	/* addresses exceed 2^53: strings, so no JSON reader rounds them */
	snprintf(buf, sizeof(buf), "0x%llx", v);
	json_key(j, key);
	json_str(j, buf);
}

static void print_json(struct strbuf *out, pid_t pid, const char *cmd, const char *exe,
		       const struct proc_maps *m, bool libs_only)
{
	unsigned long long tsize = 0, trss = 0, tdirty = 0, tswap = 0;
	const struct proc_map *vdso;
	struct lib *libs = xcalloc(m->n + 1, sizeof(*libs));
	size_t nlibs = collect_libs(m, exe, libs, m->n, &vdso), i;
	bool smaps = m->n && m->v[0].have_smaps;
	struct json j;

	json_init(&j, out);
	json_obj_begin(&j);
	json_key(&j, "schema");
	json_str(&j, MAPS_SCHEMA);
	json_key(&j, "pid");
	json_int(&j, pid);
	json_key(&j, "command");
	json_str(&j, cmd);
	json_key(&j, "exe");
	exe ? json_str(&j, exe) : json_null(&j);
	if (!libs_only) {
		json_key(&j, "mappings");
		json_arr_begin(&j);
		for (i = 0; i < m->n; i++) {
			const struct proc_map *e = &m->v[i];
			char mode[6], dev[16];

			pmap_mode(mode, e);
			snprintf(dev, sizeof(dev), "%02x:%02x", e->dev_major, e->dev_minor);
			json_obj_begin(&j);
			json_addr(&j, "start", e->start);
			json_addr(&j, "end", e->end);
			json_key(&j, "size_kb");
			json_uint(&j, (e->end - e->start) / 1024);
			json_key(&j, "rss_kb");
			smaps ? json_uint(&j, e->rss) : json_null(&j);
			json_key(&j, "pss_kb");
			smaps ? json_uint(&j, e->pss) : json_null(&j);
			json_key(&j, "dirty_kb");
			smaps ? json_uint(&j, e->dirty) : json_null(&j);
			json_key(&j, "swap_kb");
			smaps ? json_uint(&j, e->swap) : json_null(&j);
			json_key(&j, "perms");
			json_str(&j, e->perms);
			json_key(&j, "mode");
			json_str(&j, mode);
			json_addr(&j, "offset", e->offset);
			json_key(&j, "dev");
			json_str(&j, dev);
			json_key(&j, "inode");
			json_uint(&j, e->inode);
			json_key(&j, "path");
			e->path ? json_str(&j, e->path) : json_null(&j);
			json_key(&j, "deleted");
			json_bool(&j, e->deleted);
			json_key(&j, "region");
			json_str(&j, proc_region_name(e->region));
			json_key(&j, "owner");
			e->owner ? json_str(&j, e->owner) : json_null(&j);
			json_obj_end(&j);
			tsize += (e->end - e->start) / 1024;
			trss += e->rss;
			tdirty += e->dirty;
			tswap += e->swap;
		}
		json_arr_end(&j);
		json_key(&j, "totals");
		json_obj_begin(&j);
		json_key(&j, "size_kb");
		json_uint(&j, tsize);
		json_key(&j, "rss_kb");
		smaps ? json_uint(&j, trss) : json_null(&j);
		json_key(&j, "dirty_kb");
		smaps ? json_uint(&j, tdirty) : json_null(&j);
		json_key(&j, "swap_kb");
		smaps ? json_uint(&j, tswap) : json_null(&j);
		json_obj_end(&j);
	}
	if (vdso) {
		json_addr(&j, "vdso", vdso->start);
	} else {
		json_key(&j, "vdso");
		json_null(&j);
	}
	json_key(&j, "libs");
	json_arr_begin(&j);
	for (i = 0; i < nlibs; i++) {
		char buf[24];

		json_obj_begin(&j);
		json_key(&j, "name");
		json_str(&j, base_name(libs[i].path));
		json_key(&j, "path");
		json_str(&j, libs[i].path);
		snprintf(buf, sizeof(buf), "0x%llx", libs[i].base);
		json_key(&j, "base");
		json_str(&j, buf);
		json_key(&j, "deleted");
		json_bool(&j, libs[i].deleted);
		json_obj_end(&j);
	}
	json_arr_end(&j);
	json_obj_end(&j);
	sb_putc(out, '\n');
	free(libs);
}

int cmd_maps(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "libs", no_argument, NULL, 'l' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct strbuf out = STRBUF_INIT, exe = STRBUF_INIT, cmd = STRBUF_INIT;
	struct proc_maps m = { 0 };
	struct proc p = { .dirfd = -1 };
	bool libs_only = false, json = false, have_exe;
	long pid;
	int c, r, status = 0;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+ljh", longopts, NULL)) != -1) {
		switch (c) {
		case 'l':
			libs_only = true;
			break;
		case 'j':
			json = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			return cmd_bad_option("maps", "+ljh", argv);
		}
	}
	if (cmd_pid_operand(argc, argv, optind, "maps", &pid) < 0)
		return EXIT_USAGE;
	r = proc_open(&p, pid);
	if (r) {
		error("process %ld: %s", pid, r == -ESRCH ? "no such process" : strerror(-r));
		return EXIT_RUNTIME;
	}
	have_exe = !proc_read_link(&p, "exe", &exe);
	if (have_exe && exe.len > 10 && !strcmp(exe.buf + exe.len - 10, " (deleted)"))
		exe.buf[exe.len -= 10] = '\0';
	if (proc_read_cmdline(&p, &cmd) || !cmd.len) {
		struct proc_stat st;

		sb_reset(&cmd);
		if (!proc_read_stat(&p, &st))
			sb_printf(&cmd, "[%s]", st.comm);
	}
	r = proc_read_maps(&p, true, &m);
	if (r == -EACCES || r == -EPERM) {
		/* smaps and maps need the same access; say which file failed */
		error("read /proc/%ld/smaps: %s", pid, strerror(-r));
		status = EXIT_RUNTIME;
		goto out;
	}
	if (r) {
		if (r == -ESRCH)
			error("process %ld is gone (it exited while being read)", pid);
		else
			error("read /proc/%ld/smaps: %s", pid, strerror(-r));
		status = EXIT_RUNTIME;
		goto out;
	}
	if (proc_is_gone(&p)) {
		error("process %ld is gone (it exited while being read)", pid);
		status = EXIT_RUNTIME;
		goto out;
	}
	proc_maps_label(&m, have_exe ? exe.buf : NULL);
	if (json) {
		print_json(&out, pid, cmd.buf ? cmd.buf : "", have_exe ? exe.buf : NULL, &m,
			   libs_only);
	} else if (libs_only) {
		const struct proc_map *vdso;
		struct lib *libs = xcalloc(m.n + 1, sizeof(*libs));
		size_t n = collect_libs(&m, have_exe ? exe.buf : NULL, libs, m.n, &vdso);

		print_libs(&out, libs, n, vdso);
		free(libs);
	} else {
		print_table(&out, pid, cmd.buf ? cmd.buf : "", &m);
	}
	fwrite(out.buf ? out.buf : "", 1, out.len, stdout);
	if (fflush(stdout) || ferror(stdout)) {
		error("write stdout: %s", strerror(errno));
		status = EXIT_RUNTIME;
	}
out:
	proc_maps_release(&m);
	proc_close(&p);
	sb_release(&out);
	sb_release(&exe);
	sb_release(&cmd);
	return status;
}
