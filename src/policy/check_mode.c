/* check_mode.c - Unix permission strings, read as 3.21 reads them.
 *
 * A string is either octal digits or comma-separated clauses of who
 * (u, g, o, a), one operator (+, -, =) and permissions (r, w, x, s, t).
 * 3.21's quirks are kept: a letter out of place is only complained of,
 * while a string with no permission bit in its last clause is refused
 * as incomplete, except exactly "000" and "0000". */
#include "policy/check_mode.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

typedef enum { MODE_WILD, MODE_WHO, MODE_WHICH } ModeState;

/* Octal values above this are refused ("Mode-Value too big"). */
#define MODE_MAX_OCTAL 0177777

static void apply(char op, mode_t value, mode_t affected, mode_t *plus, mode_t *minus)
{
    switch (op) {
    case '+':
        *plus |= value;
        *minus &= ~value;
        break;
    case '-':
        *minus |= value;
        *plus &= ~value;
        break;
    default: /* '=' */
        *plus |= value;
        *minus |= ~value & affected;
        break;
    }
}

bool check_mode_string(const char *s, mode_t *plus, mode_t *minus, const char **why)
{
    mode_t affected = 0, value = 0;
    char op = '=';
    bool got_op = false;
    ModeState state = MODE_WILD;
    *plus = *minus = 0;
    *why = NULL;
    for (const char *p = s;; p++) {
        switch (*p) {
        case 'a': affected |= 07777; state = MODE_WHO; break;
        case 'u': affected |= 04700; state = MODE_WHO; break;
        case 'g': affected |= 02070; state = MODE_WHO; break;
        case 'o': affected |= 00007; state = MODE_WHO; break;
        case '+':
        case '-':
        case '=':
            if (got_op) {
                *why = "Too many +-= in mode string";
                return false;
            }
            op = *p;
            got_op = true;
            state = MODE_WHICH;
            break;
        case 'r': value |= 0444 & affected; break;
        case 'w': value |= 0222 & affected; break;
        case 'x': value |= 0111 & affected; break;
        case 's': value |= 06000 & affected; break;
        case 't': value |= 01000; break;
        case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
            unsigned long v = strtoul(p, NULL, 8);
            if (v > MODE_MAX_OCTAL) {
                *why = "Mode-Value too big";
                return false;
            }
            value = (mode_t)v;
            affected = 07777;
            got_op = true;
            state = MODE_WHICH;
            while (isdigit((unsigned char)p[1]))
                p++;
            break;
        }
        case ',':
            apply(op, value, affected, plus, minus);
            op = '=';
            affected = value = 0;
            got_op = false;
            state = MODE_WHO;
            break;
        case '\0':
            if ((state == MODE_WHO || value == 0) && strcmp(s, "0000") != 0 && strcmp(s, "000") != 0) {
                *why = "mode string is incomplete";
                return false;
            }
            apply(op, value, affected, plus, minus);
            return true;
        default:
            *why = "Invalid mode string";
            return false;
        }
    }
}
