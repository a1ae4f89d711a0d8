/* state.c - the work directory and atomically written state tables. */
#include "sys/state.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/buf.h"
#include "base/log.h"

static int make_dir(const char *path)
{
    if (mkdir(path, 0700) == 0 || errno == EEXIST) {
        struct stat st;
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
            return 0;
        if (errno == EEXIST)
            errno = ENOTDIR;
    }
    log_warn("cannot create directory %s", path);
    return -1;
}

int state_prepare_workdir(const char *dir)
{
    /* the parents as needed (mkdir -p), then the work directory itself */
    char *copy = xstrdup(dir);
    for (char *p = copy + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(copy, 0755) != 0 && errno != EEXIST) {
            log_warn("cannot create directory %s", copy);
            free(copy);
            return -1;
        }
        *p = '/';
    }
    free(copy);
    if (make_dir(dir) != 0)
        return -1;
    static const char *const SUBDIRS[] = { "inputs", "state", "outputs" };
    for (size_t i = 0; i < sizeof SUBDIRS / sizeof *SUBDIRS; i++) {
        char *sub = xasprintf("%s/%s", dir, SUBDIRS[i]);
        int rc = make_dir(sub);
        free(sub);
        if (rc != 0)
            return -1;
    }
    return 0;
}

int state_link_library(const char *dir, const char *library)
{
    struct stat st;
    if (stat(library, &st) != 0 || !S_ISDIR(st.st_mode))
        return 0;
    char *lib = xasprintf("%s/inputs/lib", dir);
    int rc = 0;
    /* symlink() never replaces: a path made meanwhile by another run wins */
    if (lstat(lib, &st) != 0 && errno == ENOENT && symlink(library, lib) != 0 && errno != EEXIST) {
        log_warn("cannot link %s to %s", lib, library);
        rc = -1;
    }
    free(lib);
    return rc;
}

void state_table_put(Map *table, const char *key, long long t)
{
    long long *v = xmalloc(sizeof *v);
    *v = t;
    free(map_put(table, key, v));
}

long long state_table_get(const Map *table, const char *key)
{
    const long long *v = map_get(table, key);
    return v ? *v : 0;
}

void state_table_free(Map *table)
{
    map_free(table, free);
}

int state_table_load(const char *path, Map *out)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return 0;
        log_warn("cannot open %s", path);
        return -1;
    }
    FILE *f = fdopen(fd, "r");
    if (!f) {
        log_warn("cannot read %s", path);
        close(fd);
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) > 0) {
        if (line[n - 1] == '\n')
            line[n - 1] = '\0';
        char *tab = strchr(line, '\t');
        if (!tab || tab == line)
            continue; /* not a line of ours: ignored */
        *tab = '\0';
        char *end;
        long long t = strtoll(line, &end, 10);
        if (*end == '\0' && tab[1])
            state_table_put(out, tab + 1, t);
    }
    free(line);
    fclose(f);
    return 0;
}

int state_table_save(const char *path, const Map *table)
{
    Buf b = BUF_INIT;
    const MapEntry *e;
    for (size_t i = 0; map_next(table, &i, &e);) {
        if (e->value && !strchr(e->key, '\n'))
            buf_printf(&b, "%lld\t%s\n", *(const long long *)e->value, e->key);
    }
    char *tmp = xasprintf("%s.XXXXXX", path);
    int fd = mkostemp(tmp, O_CLOEXEC);
    int rc = -1;
    if (fd < 0) {
        log_warn("cannot create %s", tmp);
        goto out;
    }
    size_t done = 0;
    while (done < b.len) {
        ssize_t w = write(fd, buf_cstr(&b) + done, b.len - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0) {
            log_warn("cannot write %s", tmp);
            close(fd);
            unlink(tmp);
            goto out;
        }
        done += (size_t)w;
    }
    if (fsync(fd) != 0 || close(fd) != 0) {
        log_warn("cannot write %s", tmp);
        unlink(tmp);
        goto out;
    }
    if (rename(tmp, path) != 0) {
        log_warn("cannot rename %s to %s", tmp, path);
        unlink(tmp);
        goto out;
    }
    rc = 0;
out:
    free(tmp);
    buf_free(&b);
    return rc;
}

int state_table_update(const char *path, const Map *table, long long drop_before)
{
    char *lockpath = xasprintf("%s.lock", path);
    int lock = open(lockpath, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (lock < 0) {
        log_warn("cannot open %s", lockpath);
        free(lockpath);
        return -1;
    }
    while (flock(lock, LOCK_EX) != 0) {
        if (errno != EINTR) {
            log_warn("cannot lock %s", lockpath);
            close(lock);
            free(lockpath);
            return -1;
        }
    }
    Map merged = MAP_INIT;
    int rc = state_table_load(path, &merged);
    if (rc == 0) {
        const MapEntry *e;
        for (size_t i = 0; map_next(table, &i, &e);) {
            long long t = e->value ? *(const long long *)e->value : 0;
            if (e->value && t > state_table_get(&merged, e->key))
                state_table_put(&merged, e->key, t);
        }
        for (size_t i = 0; map_next(&merged, &i, &e);) {
            if (e->value && *(const long long *)e->value < drop_before) {
                free(e->value);
                map_put(&merged, e->key, NULL);
            }
        }
        rc = state_table_save(path, &merged);
    }
    state_table_free(&merged);
    close(lock); /* releases the lock */
    free(lockpath);
    return rc;
}
