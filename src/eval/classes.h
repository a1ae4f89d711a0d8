/* classes.h - sets of classes and class expressions.
 *
 * Expressions are CFEngine's: '|' and '||' (or, lowest), '.' and '&' (and),
 * '!' (not, highest), parentheses; names are canonified identifiers, and
 * a name may carry a namespace ("ns:name").
 *
 * Ownership: a ClassSet owns copies of its names.
 */
#ifndef MINICF_EVAL_CLASSES_H
#define MINICF_EVAL_CLASSES_H

#include <stdbool.h>

#include "base/map.h"

/* Hard classes (what the machine is) are seen from every namespace; soft
 * classes (defined by promises) belong to a namespace: "ns:name", or
 * plain "name" in the default one. An unqualified name in an expression
 * is a hard class, or a soft class of the namespace being evaluated. */
/* Hard classes found out when first needed, not when the set is made
 * (the network's: most runs never ask). wants() says whether a name may
 * be one of them; discover() adds them all (classset_add_hard()), once. */
typedef struct {
    bool (*wants)(const char *name, size_t len);
    void (*discover)(void *arg);
    void *arg;
    bool done;
} ClassLazy;

typedef struct {
    Map names;      /* soft classes: qualified name -> (void*)1, NULL when cancelled */
    Map hard;       /* hard classes: name -> (void*)1 */
    Map local;      /* classes of the bundle being evaluated (scope "bundle"):
                     * name -> (void*)1, NULL when cancelled; the agent
                     * saves and restores it around a method call */
    Map negated;    /* classes that may not be defined (-N): name -> (void*)1 */
    const char *ns; /* the namespace being evaluated (borrowed); NULL: default */
    unsigned long generation; /* bumped by every change to the set */
    ClassLazy *lazy; /* borrowed; NULL: none. A lookup that misses a name
                      * it wants, and classset_complete(), discover them. */
} ClassSet;

/* Undefines `name` and keeps it from being defined again (-N). */
void classset_negate(ClassSet *s, const char *name);

void classset_add_hard(ClassSet *s, const char *name);
/* Adds soft class `name` of namespace ns (NULL: default). */
void classset_add(ClassSet *s, const char *ns, const char *name);
/* Adds a class of the bundle being evaluated. */
void classset_add_local(ClassSet *s, const char *name);
/* Cancels a soft class (local or of the namespace). */
void classset_remove(ClassSet *s, const char *name);
bool classset_has(const ClassSet *s, const char *name);
/* Discovers the lazy hard classes, if not yet: before the set's maps are
 * listed (classesmatching(), abortclasses). */
void classset_complete(const ClassSet *s);
void classset_free(ClassSet *s);

/* Evaluates expr against s. Returns 1 true, 0 false, -1 when expr is not
 * a class expression (then *error says why, borrowed static text). */
int class_expr_eval(const ClassSet *s, const char *expr, const char **error);

/* CFEngine's canonify: every character but [A-Za-z0-9_] becomes '_'.
 * Returns an owned string. */
char *canonify(const char *s);

#endif
