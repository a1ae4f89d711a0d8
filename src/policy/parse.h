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

/* The version that @if minimum_version() and friends compare against. */
#define POLICY_LANGUAGE_VERSION "3.21.0"

#endif
