/*
 * web.c: the files of the web root. A URL path is served only when it is
 * made of plain names (letters, digits, '.', '-', '_'), none starting
 * with a dot, and its real path, symbolic links resolved, is still inside
 * the root.
 */
#include "server.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool plain_path(const char *p)
{
    if (*p != '/' || strlen(p) > 512) return false;
    for (const char *s = p; *s; s++) {
        char c = *s;
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                  c == '-' || c == '_' || c == '/';
        if (!ok) return false;
        if (c == '/' && (s[1] == '.' || s[1] == '/')) return false; /* "..", ".hidden", "//" */
    }
    return true;
}

static const char *type_of(const char *path)
{
    static const char *const types[][2] = {
        {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},   {".json", "application/json"},
        {".svg", "image/svg+xml"},             {".png", "image/png"},
        {".ico", "image/x-icon"},              {".LICENSE", "text/plain; charset=utf-8"},
        {".txt", "text/plain; charset=utf-8"}, {"VERSIONS", "text/plain; charset=utf-8"}};
    size_t n = strlen(path);
    for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
        size_t m = strlen(types[i][0]);
        if (n >= m && !strcmp(path + n - m, types[i][0])) return types[i][1];
    }
    return NULL;
}

int sv_web_open(const sv_config *cfg, const char *url, int *fd, size_t *size, const char **content_type)
{
    if (!strcmp(url, "/")) url = "/index.html";
    if (!plain_path(url)) return 400;
    char joined[PATH_MAX + 600], real[PATH_MAX];
    snprintf(joined, sizeof joined, "%s%s", cfg->web_root, url);
    if (!realpath(joined, real)) return 404;
    size_t root = strlen(cfg->web_root);
    if (strncmp(real, cfg->web_root, root) != 0 || real[root] != '/') return 404;
    *content_type = type_of(real);
    if (!*content_type) return 404; /* only the kinds of file the UI is made of */
    int f = open(real, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (f < 0) return 404;
    struct stat st;
    if (fstat(f, &st) != 0 || !S_ISREG(st.st_mode)) { close(f); return 404; }
    *fd = f, *size = (size_t)st.st_size;
    return 200;
}
