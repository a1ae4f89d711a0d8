/* log.c - the program's own messages, to stderr. */
#include "base/log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Set once by main() before anything else runs; read-only afterwards. */
static const char *log_progname = "minicf";
static LogLevel log_max = LOG_LEVEL_NOTICE;

void log_init(const char *progname, LogLevel level)
{
    log_progname = progname;
    log_max = level;
}

LogLevel log_level(void)
{
    return log_max;
}

static void vlog(LogLevel level, const char *kind, int err, const char *fmt, va_list ap)
{
    if (level > log_max)
        return;
    fprintf(stderr, "%s: ", log_progname);
    if (kind)
        fprintf(stderr, "%s: ", kind);
    vfprintf(stderr, fmt, ap);
    if (err)
        fprintf(stderr, ": %s", strerror(err));
    fputc('\n', stderr);
}

void log_warn(const char *fmt, ...)
{
    int err = errno;
    va_list ap;
    va_start(ap, fmt);
    vlog(LOG_LEVEL_WARNING, "warning", err, fmt, ap);
    va_end(ap);
}

void log_warnx(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vlog(LOG_LEVEL_WARNING, "warning", 0, fmt, ap);
    va_end(ap);
}

void log_info(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vlog(LOG_LEVEL_INFO, NULL, 0, fmt, ap);
    va_end(ap);
}

void log_verbose(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vlog(LOG_LEVEL_VERBOSE, NULL, 0, fmt, ap);
    va_end(ap);
}

void log_debug(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vlog(LOG_LEVEL_DEBUG, "debug", 0, fmt, ap);
    va_end(ap);
}

void fatal(const char *fmt, ...)
{
    int err = errno;
    va_list ap;
    va_start(ap, fmt);
    vlog(LOG_LEVEL_ERROR, "error", err, fmt, ap);
    va_end(ap);
    exit(2);
}

void fatalx(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vlog(LOG_LEVEL_ERROR, "error", 0, fmt, ap);
    va_end(ap);
    exit(2);
}
