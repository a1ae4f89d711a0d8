/* state.h - the agent's work directory and the small tables it keeps in
 * state/ between runs (promise locks, persistent classes).
 *
 * A table is a text file of lines "SECONDS<TAB>KEY": a time (a lock's last
 * run, a class's expiry) for each key. It is written to a temporary file
 * in the same directory and renamed into place, so a reader sees the old
 * table or the new one, never half of one.
 *
 * Ownership: state_table_load() fills a Map the caller owns whose values
 * are heap long long*, freed with free(); state_table_put() copies.
 */
#ifndef MINICF_SYS_STATE_H
#define MINICF_SYS_STATE_H

#include "base/map.h"

/* Creates dir (mode 0700) and its inputs/, state/ and outputs/ when they
 * are missing. Returns 0, or -1 after saying why. */
int state_prepare_workdir(const char *dir);

/* Makes dir/inputs/lib (the policies' sys.libdir) a symbolic link to
 * library, the installed standard library, when nothing is at that path
 * yet and library is a directory. Anything already there (a directory of
 * the user's own, a link, even a dangling one) is left alone. Returns 0
 * (linked, or nothing to do), or -1 after saying why. */
int state_link_library(const char *dir, const char *library);

/* Reads the table at path into out (a missing file is an empty table).
 * Returns 0, or -1 after saying why. */
int state_table_load(const char *path, Map *out);

/* Writes the table atomically (entries whose value is NULL are left out).
 * Returns 0, or -1 after saying why. */
int state_table_save(const char *path, const Map *table);

/* Merges table into the one at path and writes the result, holding an
 * exclusive lock (path.lock, flock) from reading to renaming, so that
 * agent runs at the same time lose none of each other's entries: for each
 * key the larger time wins (a lock's last run, a class's latest expiry),
 * and entries whose time is below drop_before are left out. Returns 0, or
 * -1 after saying why. */
int state_table_update(const char *path, const Map *table, long long drop_before);

/* Sets key to t in a table loaded by state_table_load(). */
void state_table_put(Map *table, const char *key, long long t);

/* The time stored for key, or 0 when there is none. */
long long state_table_get(const Map *table, const char *key);

void state_table_free(Map *table);

#endif
