/* test_proc_ns.c: the ns link parser on hand-made link texts. */
#include <errno.h>

#include "procfs/pid_ns.h"
#include "tap.h"

int main(void)
{
	unsigned long long ino = 0;
	int type = -1;

	ok(ns_parse_link("net:[4026531840]", &type, &ino) == 0, "net link parses");
	is_str(ns_type_names[type], "net", "type is net");
	ok(ino == 4026531840ULL, "inode 4026531840");
	ok(ns_parse_link("cgroup:[1]", &type, &ino) == 0 && ino == 1, "cgroup link, small inode");
	is_str(ns_type_names[type], "cgroup", "type is cgroup");
	ok(ns_parse_link("time:[18446744073709551615]", &type, &ino) == 0 &&
		   ino == 18446744073709551615ULL,
	   "largest 64-bit inode");
	ok(ns_parse_link("time:[18446744073709551616]", &type, &ino) == -EINVAL,
	   "inode overflowing 64 bits is refused");
	ok(ns_parse_link("pid_for_children:[4026531836]", &type, &ino) == -EINVAL,
	   "pid_for_children is not a type lsns lists");
	ok(ns_parse_link("net:[]", &type, &ino) == -EINVAL, "empty inode refused");
	ok(ns_parse_link("net:[12", &type, &ino) == -EINVAL, "missing ] refused");
	ok(ns_parse_link("net:[12]x", &type, &ino) == -EINVAL, "trailing bytes refused");
	ok(ns_parse_link("net[12]", &type, &ino) == -EINVAL, "missing colon refused");
	ok(ns_parse_link(":[12]", &type, &ino) == -EINVAL, "missing type refused");
	ok(ns_parse_link("averyveryverylongtype:[12]", &type, &ino) == -EINVAL,
	   "overlong type refused");
	ok(ns_parse_link("net:[-1]", &type, &ino) == -EINVAL, "negative inode refused");
	ok(ns_type_index("user") == 5 && ns_type_index("bogus") == -1, "type index lookup");
	ok(ns_type_count == 8, "eight types, as lsns lists them");
	return done_testing();
}
