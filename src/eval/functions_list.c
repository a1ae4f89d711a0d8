/* functions_list.c - built-in functions on lists, arrays and the items of
 * data containers: join, nth, length, sort, reverse, unique, filter,
 * grep, getindices, getvalues, difference, intersection, maplist, sum,
 * irange, rrange. */
#include <arpa/inet.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "eval/fn_impl.h"
#include "policy/check_value.h"

/* The items of a collecting argument; reported when there are none. */
static Value *items_of(EvalCtx *ctx, const Rval *call, const Value *arg)
{
    Value *v = fn_items(ctx, arg);
    if (!v)
        eval_warning(ctx, "Function '%s': '%s' is not a list, an array or a data container", call->str,
                     arg->type == VALUE_STRING ? arg->str : "(value)");
    return v;
}

FnResult fn_join(FN_PARAMS)
{
    (void)n;
    const Value *list = fn_container_value(ctx, args[1]);
    Value *items = NULL;
    if (!list || list->type != VALUE_LIST) { /* a list is read in place; the rest is made one */
        items = items_of(ctx, call, args[1]);
        if (!items)
            return FN_FAIL;
        list = items;
    }
    Buf b = BUF_INIT;
    for (size_t i = 0; i < list->list.len; i++) {
        if (i)
            buf_puts(&b, args[0]->str);
        buf_puts(&b, list->list.items[i]);
    }
    *out = value_string_owned(buf_steal(&b));
    value_free(items);
    return FN_OK;
}

/* nth(container, key): an object's member by key, an array's or list's
 * item by offset (negative: from the end); it must be a primitive. */
FnResult fn_nth(FN_PARAMS)
{
    (void)n;
    Json *j = fn_container(ctx, args[0]);
    if (!j)
        return FN_FAIL;
    const Json *e = NULL;
    if (j->type == JSON_OBJECT) {
        e = json_object_get(j, args[1]->str);
    } else if (j->type == JSON_ARRAY) {
        long i;
        if (fn_parse_long(args[1]->str, &i)) {
            if (i < 0)
                i += (long)json_length(j);
            if (i >= 0 && (size_t)i < json_length(j))
                e = json_at(j, (size_t)i, NULL);
        }
    }
    char *s = e ? json_primitive_string(e) : NULL;
    json_free(j);
    if (!s) {
        (void)call;
        return FN_FAIL;
    }
    *out = value_string(s);
    free(s);
    return FN_OK;
}

FnResult fn_length(FN_PARAMS)
{
    (void)n;
    const Value *v = fn_container_value(ctx, args[0]);
    if (v) { /* as below, without copying the container into JSON */
        size_t len = v->type == VALUE_LIST ? v->list.len : json_is_container(v->data) ? json_length(v->data) : 1;
        *out = value_string_owned(xasprintf("%zu", len));
        return FN_OK;
    }
    Json *j = fn_container(ctx, args[0]);
    if (!j) {
        eval_warning(ctx, "Function '%s': '%s' is not a list, an array or a data container", call->str, args[0]->str);
        return FN_FAIL;
    }
    char *s = xasprintf("%zu", json_is_container(j) ? json_length(j) : (size_t)1);
    *out = value_string(s);
    free(s);
    json_free(j);
    return FN_OK;
}

/* ---- sort ----------------------------------------------------------------- */

typedef enum { SORT_LEX, SORT_INT, SORT_REAL, SORT_IP, SORT_MAC } SortMode;

typedef struct {
    const char *s;
    bool valid;       /* parsed as the mode's kind */
    double num;
    unsigned char addr[17]; /* family then bytes, for IP and MAC */
} SortKey;

/* 3.21 reads a MAC address of more than 12 characters as six hex numbers
 * with colons, a shorter one as six two-digit hex numbers run together
 * ("000a00000001"); "1:2:3:4:5:6" is no address. */
static bool parse_mac(const char *s, unsigned char *addr)
{
    unsigned b[6];
    int got = strlen(s) > 12
        ? sscanf(s, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5])
        : sscanf(s, "%2x%2x%2x%2x%2x%2x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]);
    for (int i = 0; got == 6 && i < 6; i++)
        addr[i] = (unsigned char)b[i];
    return got == 6;
}

static void sort_key(SortKey *k, SortMode mode)
{
    memset(k->addr, 0, sizeof k->addr);
    k->valid = false;
    switch (mode) {
    case SORT_LEX:
        k->valid = true;
        break;
    case SORT_INT:
    case SORT_REAL: {
        char *end; /* the number it starts with: "1k" is 1, "0x10" 16 */
        k->num = strtod(k->s, &end);
        k->valid = end != k->s;
        break;
    }
    case SORT_IP:
        if (inet_pton(AF_INET, k->s, k->addr + 1) == 1) {
            k->addr[0] = 4;
            k->valid = true;
        } else if (inet_pton(AF_INET6, k->s, k->addr + 1) == 1) {
            k->addr[0] = 6;
            k->valid = true;
        }
        break;
    case SORT_MAC:
        k->valid = parse_mac(k->s, k->addr);
        break;
    }
}

/* int mode compares the numbers truncated to a long; what does not fit
 * (and NaN) is LONG_MIN, as the x86-64 conversion 3.21 relies on gives. */
static long as_long(double d)
{
    return d == d && d >= -9.2e18 && d <= 9.2e18 ? (long)d : LONG_MIN;
}

/* 3.21's "less than" of two items: what does not parse as the mode's kind
 * comes first, in byte order; parsed items by value. Equal items are not
 * less either way. */
static bool key_less(const SortKey *a, const SortKey *b, SortMode mode)
{
    if (a->valid && b->valid && mode != SORT_LEX) {
        if (mode == SORT_INT)
            return as_long(a->num) < as_long(b->num);
        if (mode == SORT_REAL)
            return a->num < b->num;
        return memcmp(a->addr, b->addr, sizeof a->addr) < 0;
    }
    if (a->valid != b->valid)
        return b->valid;
    return strcmp(a->s, b->s) < 0;
}

static SortMode sort_mode(const char *m)
{
    return strcmp(m, "int") == 0      ? SORT_INT
           : strcmp(m, "real") == 0   ? SORT_REAL
           : strcasecmp(m, "ip") == 0  ? SORT_IP
           : strcasecmp(m, "mac") == 0 ? SORT_MAC
                                      : SORT_LEX;
}

static SortKey *sort_keys(const Value *items, SortMode mode)
{
    size_t len = items->list.len;
    SortKey *keys = xcalloc(len ? len : 1, sizeof *keys);
    for (size_t i = 0; i < len; i++) {
        keys[i].s = items->list.items[i];
        sort_key(&keys[i], mode);
    }
    return keys;
}

/* The items sorted as sort() does with method m; items is consumed. 3.21
 * sorts with a bottom-up merge sort that takes the element of the right
 * run unless the left one is less, so equal items (10 and 010 as ints)
 * come out in an order of their own; this is that merge sort. */
static Value *sorted(Value *items, const char *m)
{
    SortMode mode = sort_mode(m);
    size_t len = items->list.len;
    SortKey *keys = sort_keys(items, mode);
    SortKey *tmp = xcalloc(len ? len : 1, sizeof *tmp);
    for (size_t width = 1; width < len; width *= 2) {
        for (size_t lo = 0; lo < len; lo += 2 * width) {
            size_t mid = lo + width < len ? lo + width : len;
            size_t hi = lo + 2 * width < len ? lo + 2 * width : len;
            size_t p = lo, q = mid, o = lo;
            while (p < mid || q < hi) {
                if (p < mid && (q >= hi || key_less(&keys[p], &keys[q], mode)))
                    tmp[o++] = keys[p++];
                else
                    tmp[o++] = keys[q++];
            }
        }
        memcpy(keys, tmp, len * sizeof *keys);
    }
    Value *out = value_list();
    for (size_t i = 0; i < len; i++)
        value_list_push(out, keys[i].s);
    free(tmp);
    free(keys);
    value_free(items);
    return out;
}

FnResult fn_sort(FN_PARAMS)
{
    Value *items = items_of(ctx, call, args[0]);
    if (!items)
        return FN_FAIL;
    *out = sorted(items, n > 1 ? args[1]->str : "lex");
    return FN_OK;
}

/* max() and min(): 3.21 walks the items keeping one; max takes an item
 * the kept one is less than, min one it is not less than (so the last of
 * equal items, and NaN takes over). */
FnResult fn_minmax(FN_PARAMS)
{
    Value *items = items_of(ctx, call, args[0]);
    if (!items)
        return FN_FAIL;
    if (items->list.len == 0) {
        value_free(items);
        return FN_FAIL;
    }
    bool max = strcmp(call->str, "max") == 0;
    SortMode mode = sort_mode(n > 1 ? args[1]->str : "lex");
    SortKey *keys = sort_keys(items, mode);
    size_t best = 0;
    for (size_t i = 1; i < items->list.len; i++)
        if (key_less(&keys[best], &keys[i], mode) == max)
            best = i;
    *out = value_string(keys[best].s);
    free(keys);
    value_free(items);
    return FN_OK;
}

FnResult fn_reverse(FN_PARAMS)
{
    (void)n;
    Value *items = items_of(ctx, call, args[0]);
    if (!items)
        return FN_FAIL;
    *out = value_list();
    for (size_t i = items->list.len; i > 0; i--)
        value_list_push(*out, items->list.items[i - 1]);
    value_free(items);
    return FN_OK;
}

static bool list_has(const Value *l, const char *s)
{
    for (size_t i = 0; i < l->list.len; i++)
        if (strcmp(l->list.items[i], s) == 0)
            return true;
    return false;
}

FnResult fn_unique(FN_PARAMS)
{
    (void)n;
    Value *items = items_of(ctx, call, args[0]);
    if (!items)
        return FN_FAIL;
    *out = value_list();
    for (size_t i = 0; i < items->list.len; i++)
        if (!list_has(*out, items->list.items[i]))
            value_list_push(*out, items->list.items[i]);
    value_free(items);
    return FN_OK;
}

static bool is_true_option(const char *s)
{
    return strcmp(s, "true") == 0 || strcmp(s, "yes") == 0 || strcmp(s, "on") == 0;
}

/* filter(match, list, is_regex, invert, max) and grep(regex, list): the
 * items the regex matches whole (or equal to the string), at most max. */
static FnResult select_items(EvalCtx *ctx, const Rval *call, const char *match, const Value *list, bool regex,
                             bool invert, long max, Value **out)
{
    Value *items = items_of(ctx, call, list);
    if (!items)
        return FN_FAIL;
    pcre2_code *re = regex ? fn_regex(ctx, call, match, true) : NULL;
    if (regex && !re) {
        value_free(items);
        return FN_FAIL;
    }
    *out = value_list();
    pcre2_match_data *md = re ? pcre2_match_data_create_from_pattern(re, NULL) : NULL;
    for (size_t i = 0; i < items->list.len && (long)(*out)->list.len < max; i++) {
        const char *s = items->list.items[i];
        bool hit = re ? fn_regex_search_md(re, md, s, NULL, NULL) : strcmp(s, match) == 0;
        if (hit != invert)
            value_list_push(*out, s);
    }
    pcre2_match_data_free(md);
    pcre2_code_free(re);
    value_free(items);
    return FN_OK;
}

FnResult fn_filter(FN_PARAMS)
{
    (void)n;
    long max;
    if (!fn_parse_long(args[4]->str, &max))
        return FN_FAIL;
    return select_items(ctx, call, args[0]->str, args[1], is_true_option(args[2]->str), is_true_option(args[3]->str),
                        max, out);
}

FnResult fn_grep(FN_PARAMS)
{
    (void)n;
    return select_items(ctx, call, args[0]->str, args[1], true, false, 999999999L, out);
}

/* ---- getindices, getvalues ---------------------------------------------- */

FnResult fn_getindices(FN_PARAMS)
{
    (void)call; (void)n;
    *out = value_list();
    const Value *named = fn_variable(ctx, args[0]);
    if (named && named->type == VALUE_LIST) {
        (*out)->unknown = named->unknown;
        return FN_OK; /* 3.21: an slist has no indices */
    }
    if (fn_names_array(ctx, args[0])) {
        fn_array_indices(ctx, args[0]->str, *out);
        return FN_OK;
    }
    Json *j = fn_container(ctx, args[0]);
    for (size_t i = 0; j && i < json_length(j); i++) {
        const char *key;
        json_at(j, i, &key);
        if (key) {
            value_list_push(*out, key);
        } else {
            char *idx = xasprintf("%zu", i);
            value_list_push(*out, idx);
            free(idx);
        }
    }
    json_free(j);
    return FN_OK;
}

static void push_primitive(Value *out, const Json *j)
{
    char *s = json_primitive_string(j);
    if (s)
        vec_push(&out->list, s);
}

static void push_all_primitives(Value *out, const Json *j)
{
    if (!json_is_container(j))
        push_primitive(out, j);
    for (size_t i = 0; i < json_length(j); i++)
        push_all_primitives(out, json_at(j, i, NULL));
}

/* Every primitive of a container, however deep, as 3.21 gives them; a
 * string (a scalar variable, an array element, a container's primitive
 * element) is a list of itself. */
FnResult fn_getvalues(FN_PARAMS)
{
    (void)call; (void)n;
    *out = value_list();
    /* a string first: 3.21 takes it over an array of the same name */
    const Value *v = fn_variable(ctx, args[0]);
    if (v && v->type == VALUE_STRING) {
        value_list_push(*out, v->str);
        (*out)->unknown = v->unknown;
        return FN_OK;
    }
    Json *j = fn_container(ctx, args[0]);
    if (j)
        push_all_primitives(*out, j);
    json_free(j);
    return FN_OK;
}

/* difference() and intersection(): the unique items of the first that are
 * (not) in the second. */
FnResult fn_setop(FN_PARAMS)
{
    (void)n;
    bool keep_common = strcmp(call->str, "intersection") == 0;
    Value *a = items_of(ctx, call, args[0]);
    Value *b = a ? items_of(ctx, call, args[1]) : NULL;
    if (!a || !b) {
        value_free(a);
        return FN_FAIL;
    }
    *out = value_list();
    for (size_t i = 0; i < a->list.len; i++) {
        const char *s = a->list.items[i];
        if (list_has(b, s) == keep_common && !list_has(*out, s))
            value_list_push(*out, s);
    }
    value_free(a);
    value_free(b);
    return FN_OK;
}

/* maplist(pattern, list): the pattern (as written, 3.21 hands it over
 * unexpanded) expanded once per item, $(this) standing for the item. */
/* The container argument of maplist() and maparray(), which 3.21 hands
 * over unexpanded: expanded now. NULL (*result set) when it cannot be. */
static Value *mapped_arg(EvalCtx *ctx, const Value *arg, FnResult *result)
{
    if (arg->type != VALUE_STRING || !value_str_unresolved(arg->str, false))
        return value_copy(arg);
    ExpandState st = { false, false };
    char *s = eval_expand_state(ctx, arg->str, &st);
    Value *v = value_string(s);
    free(s);
    if (st.unresolved || st.unknown) {
        value_free(v);
        *result = FN_DEFER;
        return NULL;
    }
    return v;
}

FnResult fn_maplist(FN_PARAMS)
{
    (void)n;
    FnResult r = FN_FAIL;
    Value *list = mapped_arg(ctx, args[1], &r);
    if (!list)
        return r;
    Value *items = items_of(ctx, call, list);
    value_free(list);
    if (!items)
        return FN_FAIL;
    *out = value_list();
    Value *saved = map_get(&ctx->iter, "this");
    saved = saved ? value_copy(saved) : NULL;
    const Rval *pattern = call->items.items[0];
    ctx->iter_bound++; /* $(this) is bound: lookups must look at the bindings */
    for (size_t i = 0; i < items->list.len; i++) {
        value_free(map_put(&ctx->iter, "this", value_string(items->list.items[i])));
        if (pattern->kind == RVAL_FNCALL) {
            Value *v = eval_fncall(ctx, pattern); /* a call as the pattern: one call per item */
            if (v && v->type == VALUE_STRING && !v->unknown)
                value_list_push(*out, v->str);
            else if (v && v->unknown)
                (*out)->unknown = true;
            value_free(v);
            continue;
        }
        char *s = eval_expand(ctx, args[0]->str, NULL);
        value_list_push(*out, s);
        free(s);
    }
    value_free(map_put(&ctx->iter, "this", saved));
    ctx->iter_bound--;
    value_free(items);
    return FN_OK;
}

/* sum(), product() and mean() of the numbers the items start with. */
static FnResult arithmetic(EvalCtx *ctx, const Rval *call, const Value *arg, char op, Value **out)
{
    Value *items = items_of(ctx, call, arg);
    if (!items)
        return FN_FAIL;
    if (op == 'm' && items->list.len == 0) {
        value_free(items);
        return FN_FAIL;
    }
    double total = op == '*' ? 1 : 0;
    for (size_t i = 0; i < items->list.len; i++) {
        double d = strtod(items->list.items[i], NULL); /* what is not a number counts 0 */
        total = op == '*' ? total * d : total + d;
    }
    if (op == 'm')
        total /= (double)items->list.len;
    char *s = xasprintf("%f", total);
    *out = value_string(s);
    free(s);
    value_free(items);
    return FN_OK;
}

FnResult fn_sum(FN_PARAMS)
{
    (void)n;
    return arithmetic(ctx, call, args[0], '+', out);
}

FnResult fn_product(FN_PARAMS)
{
    (void)n;
    return arithmetic(ctx, call, args[0], '*', out);
}

FnResult fn_mean(FN_PARAMS)
{
    (void)n;
    return arithmetic(ctx, call, args[0], 'm', out);
}

/* every(), some() and none(regex, list): how many items the regex
 * matches whole. */
FnResult fn_quantifier(FN_PARAMS)
{
    (void)n;
    Value *items = items_of(ctx, call, args[1]);
    if (!items)
        return FN_FAIL;
    pcre2_code *re = fn_regex(ctx, call, args[0]->str, true);
    if (!re) {
        value_free(items);
        return FN_FAIL;
    }
    size_t hits = 0;
    for (size_t i = 0; i < items->list.len; i++)
        hits += (size_t)fn_regex_search(re, items->list.items[i], NULL, NULL);
    pcre2_code_free(re);
    bool r = strcmp(call->str, "every") == 0 ? hits == items->list.len
             : strcmp(call->str, "some") == 0 ? hits > 0
                                              : hits == 0;
    value_free(items);
    *out = fn_bool(r);
    return FN_OK;
}

/* irange() and rrange(): "from,to", lowest first. */
FnResult fn_irange(FN_PARAMS)
{
    (void)ctx; (void)call; (void)n;
    long a, b;
    if (!fn_parse_long(args[0]->str, &a) || !fn_parse_long(args[1]->str, &b))
        return FN_FAIL;
    char *s = a <= b ? xasprintf("%ld,%ld", a, b) : xasprintf("%ld,%ld", b, a);
    *out = value_string(s);
    free(s);
    return FN_OK;
}

FnResult fn_rrange(FN_PARAMS)
{
    (void)ctx; (void)call; (void)n;
    double a, b;
    if (!check_parse_real(args[0]->str, &a) || !check_parse_real(args[1]->str, &b))
        return FN_FAIL;
    char *s = a <= b ? xasprintf("%lf,%lf", a, b) : xasprintf("%lf,%lf", b, a);
    *out = value_string(s);
    free(s);
    return FN_OK;
}

/* reglist(list, regex): whether the regex matches some item whole. */
FnResult fn_reglist(FN_PARAMS)
{
    (void)n;
    Value *items = items_of(ctx, call, args[0]);
    if (!items)
        return FN_FAIL;
    pcre2_code *re = fn_regex(ctx, call, args[1]->str, true);
    bool hit = false;
    for (size_t i = 0; re && i < items->list.len && !hit; i++)
        hit = fn_regex_search(re, items->list.items[i], NULL, NULL);
    pcre2_code_free(re);
    value_free(items);
    *out = fn_bool(hit);
    return FN_OK;
}

typedef void (*MapFn)(EvalCtx *ctx, const char *pattern, void *ud);

/* Binds this.k, this.k[1] (a nested object's key) and this.v, expands. */
static void map_one(EvalCtx *ctx, const char *k, const char *k1, const char *v, const char *pattern, MapFn fn,
                    void *ud)
{
    ctx->iter_bound++; /* this.k and this.v are bound while fn runs */
    value_free(map_put(&ctx->iter, "this.k", value_string(k)));
    value_free(map_put(&ctx->iter, "this.k[1]", k1 ? value_string(k1) : NULL));
    value_free(map_put(&ctx->iter, "this.v", value_string(v)));
    fn(ctx, pattern, ud);
    ctx->iter_bound--;
}

/* 3.21's walk of maparray() and mapdata(): every key of the container
 * with each primitive it holds, one level down (an array's items, an
 * object's members with this.k[1]). */
static void map_walk(EvalCtx *ctx, const Json *j, const char *pattern, MapFn fn, void *ud)
{
    for (size_t i = 0; i < json_length(j); i++) {
        const char *key;
        const Json *e = json_at(j, i, &key);
        char *idx = key ? NULL : xasprintf("%zu", i);
        const char *k = key ? key : idx;
        if (json_is_container(e)) {
            for (size_t m = 0; m < json_length(e); m++) {
                const char *k1;
                char *v = json_primitive_string(json_at(e, m, &k1));
                if (v)
                    map_one(ctx, k, k1, v, pattern, fn, ud);
                free(v);
            }
        } else {
            char *v = json_primitive_string(e);
            if (v)
                map_one(ctx, k, NULL, v, pattern, fn, ud);
            free(v);
        }
        free(idx);
    }
    value_free(map_put(&ctx->iter, "this.k", NULL));
    value_free(map_put(&ctx->iter, "this.k[1]", NULL));
    value_free(map_put(&ctx->iter, "this.v", NULL));
}

static Json *mapped_container(EvalCtx *ctx, const Rval *call, const Value *raw, FnResult *r)
{
    Value *arg = mapped_arg(ctx, raw, r);
    if (!arg)
        return NULL;
    Json *j = fn_container(ctx, arg);
    value_free(arg);
    if (!j) {
        eval_note(ctx, "Function '%s': '%s' is not an array or a data container", call->str,
                     raw->type == VALUE_STRING ? raw->str : "(value)");
        *r = FN_FAIL;
    }
    return j;
}

static void push_expansion(EvalCtx *ctx, const char *pattern, void *ud)
{
    char *s = eval_expand(ctx, pattern, NULL);
    value_list_push(ud, s);
    free(s);
}

/* maparray(pattern, array): the pattern expanded for each key and value. */
FnResult fn_maparray(FN_PARAMS)
{
    (void)n;
    FnResult r = FN_FAIL;
    Json *j = mapped_container(ctx, call, args[1], &r);
    if (!j)
        return r;
    *out = value_list();
    map_walk(ctx, j, args[0]->str, push_expansion, *out);
    json_free(j);
    return FN_OK;
}

typedef struct {
    Json *out;
    bool json; /* parse each expansion as JSON */
} MapData;

static void push_data(EvalCtx *ctx, const char *pattern, void *ud)
{
    MapData *m = ud;
    char *s = eval_expand(ctx, pattern, NULL);
    Json *e = m->json ? json_parse(s, NULL) : json_string(s);
    if (e)
        json_array_push(m->out, e);
    free(s);
}

/* mapdata(none|json, pattern, container): an array of the expansions, as
 * strings or parsed as JSON; json_pipe (a command per item) is unknown. */
FnResult fn_mapdata(FN_PARAMS)
{
    (void)n;
    char *mode = eval_expand(ctx, args[0]->str, NULL);
    bool json = strcmp(mode, "json") == 0, none = strcmp(mode, "none") == 0;
    free(mode);
    if (!json && !none)
        return FN_DEFER;
    FnResult r = FN_FAIL;
    Json *j = mapped_container(ctx, call, args[2], &r);
    if (!j)
        return r;
    MapData m = { json_array(), json };
    map_walk(ctx, j, args[1]->str, push_data, &m);
    json_free(j);
    *out = value_data(m.out);
    return FN_OK;
}
