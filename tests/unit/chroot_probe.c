/* chroot_probe.c - a helper that check_commands runs under contain's
 * chroot: it prints its first argument (a tag, so a test can tell runs
 * apart) with its working directory and with whether /chroot_marker, a
 * file the test puts at the top of the new root, is there. Linked
 * statically and without sanitizers, so it runs in a root that holds no
 * libraries. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    const char *tag = argc > 1 ? argv[1] : "-";
    char cwd[4096];
    if (getcwd(cwd, sizeof cwd))
        printf("%s cwd=%s\n", tag, cwd);
    else
        printf("%s cwd unreadable: %s\n", tag, strerror(errno));
    printf("%s marker=%s\n", tag, access("/chroot_marker", F_OK) == 0 ? "yes" : "no");
    return fflush(stdout) == 0 ? 0 : 1;
}
