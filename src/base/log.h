/* log.h - the program's own messages (not policy diagnostics, see diag.h).
 *
 * log_warn appends strerror(errno); log_warnx does not. fatal and fatalx
 * log and exit(2); only main() paths should reach them.
 */
#ifndef MINICF_BASE_LOG_H
#define MINICF_BASE_LOG_H

#include <stdbool.h>

typedef enum { LOG_LEVEL_ERROR, LOG_LEVEL_WARNING, LOG_LEVEL_NOTICE, LOG_LEVEL_INFO, LOG_LEVEL_VERBOSE, LOG_LEVEL_DEBUG } LogLevel;

/* The program name prefixed to messages and the most verbose level shown.
 * Set once by main(); the defaults are "minicf" and LOG_LEVEL_NOTICE. */
void log_init(const char *progname, LogLevel level);
LogLevel log_level(void);

void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_verbose(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void fatal(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
void fatalx(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
