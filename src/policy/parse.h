/* parse.h - reading policy files into the promise graph.
 *
 * Ownership: srcfile_read() returns an owned SourceFile. policy_parse()
 * takes ownership of the file it is given in every case; on success the
 * returned Policy owns it, on failure it is freed with the partial tree
 * (a caller never sees half a tree).
 */
#ifndef MINICF_POLICY_PARSE_H
#define MINICF_POLICY_PARSE_H

#include <stddef.h>

#include "base/diag.h"
#include "policy/policy.h"

/* The largest policy file read; a larger one is an error, not a hang. */
#define POLICY_MAX_FILE_SIZE (64u * 1024u * 1024u)

/* Reads a policy file: reports (into d) a missing or unreadable file, a
 * directory, a file over POLICY_MAX_FILE_SIZE or a binary file (one with a
 * NUL byte) and returns NULL for it. */
SourceFile *srcfile_read(const char *path, Diag *d);

/* Parses one file. Returns the number of errors found (reported into d);
 * *out is the file's Policy when that number is 0, NULL otherwise.
 * `ns` is the namespace the file starts in (NULL: "default"). */
unsigned policy_parse(SourceFile *file, Diag *d, Policy **out);

/* policy_parse() that builds the tree in `arena` (NULL: the returned
 * policy's own) rather than in a fresh arena of its own: the loader passes
 * the arena of the policy the file is to be merged into, so that the files
 * of a policy share their chunks instead of each leaving its last one part
 * empty. The caller keeps `arena` alive as long as the returned policy (or
 * merges the policy into the arena's owner); what a failed parse allocated
 * stays in `arena` until it is freed. */
unsigned policy_parse_into(SourceFile *file, Diag *d, Arena *arena, Policy **out);

/* The version that @if minimum_version() and friends compare against. */
#define POLICY_LANGUAGE_VERSION "3.21.0"

#endif
