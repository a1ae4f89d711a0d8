/* sysinfo_time.c - the time classes and time variables of 3.21
 * (AddTimeClass): local time, then the same with "GMT_" for UTC. */
#include "eval/sysinfo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/alloc.h"

static void add(ClassSet *s, const char *prefix, const char *fmt, int a, int b)
{
    char name[64], full[80];
    snprintf(name, sizeof name, fmt, a, b);
    snprintf(full, sizeof full, "%s%s", prefix, name);
    classset_add_hard(s, full);
}

void sysinfo_time_classes(ClassSet *s, const struct tm *t, const char *prefix)
{
    static const char *const MONTHS[] = { "January", "February", "March",     "April",   "May",      "June",
                                          "July",    "August",   "September", "October", "November", "December" };
    static const char *const DAYS[] = { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday" };
    static const char *const SHIFTS[] = { "Night", "Morning", "Afternoon", "Evening" };
    char name[64];
    add(s, prefix, "Lcycle_%d", (t->tm_year + 1900) % 3, 0);
    add(s, prefix, "Yr%04d", t->tm_year + 1900, 0);
    snprintf(name, sizeof name, "%s%s", prefix, MONTHS[t->tm_mon % 12]);
    classset_add_hard(s, name);
    snprintf(name, sizeof name, "%s%s", prefix, DAYS[(t->tm_wday + 6) % 7]);
    classset_add_hard(s, name);
    add(s, prefix, "Day%d", t->tm_mday, 0);
    snprintf(name, sizeof name, "%s%s", prefix, SHIFTS[(t->tm_hour / 6) % 4]);
    classset_add_hard(s, name);
    add(s, prefix, "Hr%02d", t->tm_hour, 0);
    add(s, prefix, "Hr%d", t->tm_hour, 0);
    int quarter = t->tm_min / 15 + 1;
    add(s, prefix, "Q%d", quarter, 0);
    add(s, prefix, "Hr%02d_Q%d", t->tm_hour, quarter);
    add(s, prefix, "Min%02d", t->tm_min, 0);
    int start = t->tm_min / 5 * 5;
    add(s, prefix, "Min%02d_%02d", start, (start + 5) % 60);
}

void sysinfo_time(EvalCtx *ctx, time_t now)
{
    struct tm local, gmt;
    localtime_r(&now, &local);
    gmtime_r(&now, &gmt);
    sysinfo_time_classes(&ctx->classes, &local, "");
    sysinfo_time_classes(&ctx->classes, &gmt, "GMT_");
    char date[64];
    if (!strftime(date, sizeof date, "%a %b %e %H:%M:%S %Y", &local))
        date[0] = '\0';
    /* ctime's day of the month is space-padded: "Nov  7" */
    vars_put(&ctx->vars, "sys", "date", value_string(date));
    char *cdate = canonify(date);
    vars_put(&ctx->vars, "sys", "cdate", value_string(cdate));
    free(cdate);
    char *n = xasprintf("%lld", (long long)now);
    vars_put(&ctx->vars, "sys", "systime", value_string(n));
    free(n);
    n = xasprintf("%lld", (long long)now / 86400);
    vars_put(&ctx->vars, "sys", "sysday", value_string(n));
    free(n);
}
