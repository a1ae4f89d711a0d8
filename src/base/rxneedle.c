/* rxneedle.c - a literal that every match of a regex contains. */
#include "base/rxneedle.h"

#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"

/* The escapes "\X" (X a letter) that stand for one item and take nothing
 * after them: classes, assertions, control characters. Every other
 * letter or digit may take more text ("\x{41}", "\cA", "\p{L}", "\1",
 * "\Q...\E") and ends the reading. */
#define SINGLE_ESCAPES "dDsSwWhHvVRXbBAZzGKntrfeaC"

/* Where the class opened at p ('[') ends, one past its ']'; NULL when the
 * reading is not sure. PCRE2: a ']' first (after an optional '^') is a
 * member; "[:name:]" is a POSIX class inside it; a backslash escapes one
 * character ("\Q" and "\E" could hide a ']', and "\c" takes the
 * character after the one it escapes: not sure). */
static const char *skip_class(const char *p)
{
    p++;
    if (*p == '^')
        p++;
    if (*p == ']')
        p++;
    for (;;) {
        switch (*p) {
        case '\0':
            return NULL;
        case '\\':
            /* "\cX" takes one more character, which may be ']' or '\' */
            if (p[1] == '\0' || p[1] == 'Q' || p[1] == 'E' || p[1] == 'c')
                return NULL;
            p += 2;
            break;
        case '[':
            if (p[1] == ':' || p[1] == '.' || p[1] == '=') {
                /* a POSIX class when its terminator comes before any
                 * ']' (PCRE2's rule); a backslash on the way: not sure */
                char term = p[1];
                const char *q = p + 2;
                while (*q && *q != ']' && !(*q == term && q[1] == ']')) {
                    if (*q == '\\' || (*q == '[' && q[1] == term))
                        return NULL;
                    q++;
                }
                if (*q == term)
                    p = q + 2;
                else
                    p++;
            } else {
                p++;
            }
            break;
        case ']':
            return p + 1;
        default:
            p++;
        }
    }
}

/* The length of the counted quantifier at p ("{2}", "{1,}", "{0,3}"),
 * or 0 when p does not start one (PCRE2 then reads '{' as a literal). */
static size_t quantifier_len(const char *p)
{
    const char *q = p + 1;
    if (*q < '0' || *q > '9')
        return 0;
    while (*q >= '0' && *q <= '9')
        q++;
    if (*q == ',') {
        q++;
        while (*q >= '0' && *q <= '9')
            q++;
    }
    return *q == '}' ? (size_t)(q + 1 - p) : 0;
}

typedef struct {
    char *run;        /* the literals read since the last other item */
    size_t run_len;
    char *best;       /* the longest run ended so far */
    size_t best_len;
} Reader;

static void end_run(Reader *r)
{
    if (r->run_len > r->best_len) {
        memcpy(r->best, r->run, r->run_len);
        r->best_len = r->run_len;
    }
    r->run_len = 0;
}

/* A quantifier makes the item before it optional or repeated: when that
 * item is the run's last literal, it is not required. */
static void quantify(Reader *r)
{
    if (r->run_len > 0)
        r->run_len--;
    end_run(r);
}

/* Reads pattern; false when it cannot say (no needle at all). */
static bool read_pattern(Reader *r, const char *p, bool *whole)
{
    int depth = 0;  /* groups open */
    *whole = true;
    while (*p) {
        unsigned char c = (unsigned char)*p;
        size_t qlen;
        switch (c) {
        case '\\':
            if (p[1] == '\0')
                return false;
            if ((p[1] >= 'a' && p[1] <= 'z') || (p[1] >= 'A' && p[1] <= 'Z') || (p[1] >= '0' && p[1] <= '9')) {
                if (!strchr(SINGLE_ESCAPES, p[1]))
                    return false;
                *whole = false;
                end_run(r);
            } else if (depth == 0) {
                /* "\." and the like: the character itself */
                r->run[r->run_len++] = p[1];
            }
            p += 2;
            continue;
        case '[':
            *whole = false;
            end_run(r);
            p = skip_class(p);
            if (!p)
                return false;
            continue;
        case '(':
            /* options, lookarounds, named groups, verbs: not read */
            if (p[1] == '?' || p[1] == '*')
                return false;
            depth++;
            *whole = false;
            end_run(r);
            p++;
            continue;
        case ')':
            if (depth == 0)
                return false;
            depth--;
            end_run(r);
            p++;
            continue;
        case '|':
            /* an alternative at the top makes nothing required */
            if (depth == 0)
                return false;
            p++;
            continue;
        case '?':
        case '*':
        case '+':
            *whole = false;
            quantify(r);
            p++;
            continue;
        case '{':
            *whole = false;
            qlen = quantifier_len(p);
            if (qlen > 0) {
                quantify(r);
                p += qlen;
            } else {
                end_run(r); /* a literal '{' for PCRE2; not counted */
                p++;
            }
            continue;
        case '.':
        case '^':
        case '$':
        case ']':
        case '}':
            *whole = false;
            end_run(r);
            p++;
            continue;
        default:
            if (depth == 0)
                r->run[r->run_len++] = (char)c;
            else
                *whole = false;
            p++;
        }
    }
    end_run(r);
    return depth == 0;
}

void rxneedle_find(RxNeedle *n, const char *pattern)
{
    size_t plen = strlen(pattern);
    Reader r = { .run = xmalloc(plen + 1), .best = xmalloc(plen + 1) };
    bool whole;
    n->text = NULL;
    n->len = 0;
    n->whole = false;
    n->grams = 0;
    if (read_pattern(&r, pattern, &whole) && r.best_len > 0) {
        n->text = xstrndup(r.best, r.best_len);
        n->len = r.best_len;
        n->whole = whole;
        n->grams = rxneedle_grams(n->text, n->len);
    }
    free(r.run);
    free(r.best);
}

void rxneedle_free(RxNeedle *n)
{
    free(n->text);
    n->text = NULL;
    n->len = 0;
    n->whole = false;
    n->grams = 0;
}

/* Subjects up to this long are searched byte by byte: most command lines
 * are, and a call to memchr() costs more than the loop there. */
#define SHORT_SUBJECT 64

bool rxneedle_may_match(const RxNeedle *n, const char *subject, size_t len)
{
    if (!n->text)
        return true;
    if (len < n->len)
        return false;
    const char first = n->text[0], final = n->text[n->len - 1];
    const char *p = subject;
    const char *last = subject + (len - n->len); /* the last place it fits */
    if (len <= SHORT_SUBJECT) {
        for (; p <= last; p++)
            if (*p == first && p[n->len - 1] == final && memcmp(p, n->text, n->len) == 0)
                return true;
        return false;
    }
    while ((p = memchr(p, first, (size_t)(last - p) + 1)) != NULL) {
        if (p[n->len - 1] == final && memcmp(p, n->text, n->len) == 0)
            return true;
        if (p++ == last)
            break;
    }
    return false;
}

uint64_t rxneedle_grams(const char *s, size_t len)
{
    uint64_t grams = 0;
    for (size_t i = 1; i < len; i++) {
        /* Fibonacci hashing of the pair: its top 6 bits */
        uint32_t pair = (uint32_t)(unsigned char)s[i - 1] << 8 | (unsigned char)s[i];
        grams |= 1ull << ((pair * 2654435761u) >> 26);
    }
    return grams;
}

bool rxneedle_may_match_grams(const RxNeedle *n, const char *subject, size_t len, uint64_t grams)
{
    return (n->grams & ~grams) == 0 && rxneedle_may_match(n, subject, len);
}
