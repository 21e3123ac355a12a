/* common.c: what every backend does the same way when it starts a command. */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <unistd.h>

#include "backend/backend.h"
#include "core/util.h"

int backend_become_user(const char *user)
{
	struct passwd *pw = getpwnam(user);

	if (!pw)
		return error("cannot find user '%s'", user);
	if (initgroups(pw->pw_name, pw->pw_gid) < 0 || setgid(pw->pw_gid) < 0 ||
	    setuid(pw->pw_uid) < 0)
		return error("cannot become user '%s': %s", user, strerror(errno));
	return 0;
}
