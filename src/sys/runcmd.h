/* runcmd.h - running a command and collecting its output, for
 * execresult() and returnszero() (and anything else that runs commands).
 *
 * The child gets stdin from /dev/null, an empty signal mask, default
 * signal dispositions, and a clean environment: only
 * PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin and
 * LC_ALL=C, so that results do not depend on who started the agent.
 * (3.21 hands commands the agent's whole environment; minicf chooses not
 * to, as STYLE.md asks, at the price of $(HOME) and the like being empty
 * in commands.)
 * It runs through run_command() (sys/run.h): the child keeps no
 * descriptor but 0, 1 and 2.
 *
 * Ownership: argv is borrowed; output is appended to the caller's Buf.
 */
#ifndef MINICF_SYS_RUNCMD_H
#define MINICF_SYS_RUNCMD_H

#include <stdbool.h>

#include "base/buf.h"

typedef enum {
    RUNCMD_DISCARD = 0, /* captured and thrown away */
    RUNCMD_BOTH = 3,    /* stdout and stderr together, as 3.21 returns them */
} RuncmdCapture;

/* Runs argv[0] (an absolute path) with argv, capturing what `capture`
 * says into out (when not NULL). Returns the exit status (0-255), 128+n
 * for a child killed by signal n, 127 when it cannot be run, or -1 when
 * no child could be started (reported). */
int runcmd(const char *const argv[], RuncmdCapture capture, Buf *out);

/* Splits a command line as 3.21's ArgSplitCommand: words separated by
 * white space, "..." '...' and `...` quoting a word (quotes removed).
 * Returns an owned NULL-terminated array of owned strings. */
char **runcmd_split(const char *command);
void runcmd_free_argv(char **argv);

#endif
