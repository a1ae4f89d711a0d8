/* classpick.h - the picks of classes promises' select_class and dist, as
 * 3.21 makes them.
 *
 * Ownership: nothing is allocated.
 */
#ifndef MINICF_EVAL_CLASSPICK_H
#define MINICF_EVAL_CLASSPICK_H

#include <stddef.h>

#include "eval/value.h"

/* CFEngine's StringHash (Jenkins' one-at-a-time hash, seed 0). */
unsigned classpick_hash(const char *s);

/* select_class: the index among count classes this host picks, the same
 * on every run ("FQHOST+IPV4+UID" hashed, modulo count). */
size_t classpick_select(const char *fqhost, const char *ipv4, unsigned long uid, size_t count);

/* dist: an index drawn at random, each item's weight its integer value;
 * -1 when the weights are not non-negative integers summing to more
 * than 0. */
long classpick_dist(const Value *weights);

#endif
