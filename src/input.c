/*
 * input.c: reading inputs with a size limit, and transparent gzip/zstd
 * decompression.
 *
 * Decompression writes into a growable buffer and stops as soon as the
 * output passes the limit, so a compression bomb costs at most `limit`
 * bytes and the time to produce them. Concatenated gzip members (as in
 * .warc.gz, one member per record) and concatenated zstd frames are read
 * to the end. A stream that ends early is an error, not a silent
 * truncation: the user learns the file is damaged.
 */
#include "internal.h"

#include <errno.h>
#include <zlib.h>
#include <zstd.h>

const char *ng_read_stream(FILE *f, size_t limit, ng_buf *out)
{
    for (;;) {
        if (!ng_buf_reserve(out, out->len + 65536)) return "out of memory";
        size_t room = out->cap - out->len - 1;
        size_t got = fread(out->data + out->len, 1, room, f);
        out->len += got;
        out->data[out->len] = '\0';
        if (out->len > limit) return "input exceeds the size limit (see --max-size)";
        if (got < room) {
            if (ferror(f)) return strerror(errno ? errno : EIO);
            return NULL;
        }
    }
}

static const char *gunzip(const unsigned char *data, size_t len, size_t limit, ng_buf *out)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, 15 + 32) != Z_OK) return "out of memory";
    const char *err = NULL;
    size_t pos = 0;
    while (pos < len) {
        z.next_in = (unsigned char *)data + pos;
        z.avail_in = (uInt)((len - pos) > 0x40000000 ? 0x40000000 : (len - pos));
        size_t before_in = z.avail_in;
        int rc;
        do {
            if (!ng_buf_reserve(out, out->len + 65536)) { err = "out of memory"; goto done; }
            size_t room = out->cap - out->len - 1;
            if (room > 0x40000000) room = 0x40000000;
            z.next_out = (unsigned char *)out->data + out->len;
            z.avail_out = (uInt)room;
            rc = inflate(&z, Z_NO_FLUSH);
            out->len += room - z.avail_out;
            if (out->len > limit) { err = "decompressed size exceeds the size limit (see --max-size)"; goto done; }
            if (rc == Z_NEED_DICT || rc == Z_DATA_ERROR) { err = "corrupt gzip data"; goto done; }
            if (rc == Z_MEM_ERROR) { err = "out of memory"; goto done; }
            if (rc == Z_BUF_ERROR && z.avail_in == 0) break;
        } while (rc != Z_STREAM_END && (z.avail_in > 0 || z.avail_out == 0));
        pos += before_in - z.avail_in;
        if (rc == Z_STREAM_END) {
            /* Another member may follow; trailing zero padding is allowed. */
            while (pos < len && data[pos] == 0) pos++;
            if (pos < len) {
                if (len - pos < 2 || data[pos] != 0x1f || data[pos + 1] != 0x8b) break; /* trailing junk: ignore */
                inflateReset(&z);
            }
        } else if (z.avail_in == 0 && pos >= len) {
            err = "truncated gzip data";
            goto done;
        }
    }
done:
    inflateEnd(&z);
    if (out->data) out->data[out->len < out->cap ? out->len : out->cap - 1] = '\0';
    return err;
}

static const char *unzstd(const unsigned char *data, size_t len, size_t limit, ng_buf *out)
{
    ZSTD_DCtx *z = ZSTD_createDCtx();
    if (!z) return "out of memory";
    ZSTD_inBuffer in = {data, len, 0};
    const char *err = NULL;
    size_t rc = 1;
    while (in.pos < in.size || rc != 0) {
        if (!ng_buf_reserve(out, out->len + 131072)) { err = "out of memory"; break; }
        ZSTD_outBuffer o = {out->data + out->len, out->cap - out->len - 1, 0};
        size_t in_before = in.pos;
        rc = ZSTD_decompressStream(z, &o, &in);
        out->len += o.pos;
        if (ZSTD_isError(rc)) { err = "corrupt zstd data"; break; }
        if (out->len > limit) { err = "decompressed size exceeds the size limit (see --max-size)"; break; }
        if (rc != 0 && in.pos == in.size && in.pos == in_before && o.pos == 0) { err = "truncated zstd data"; break; }
        if (rc == 0 && in.pos == in.size) break;
    }
    ZSTD_freeDCtx(z);
    if (out->data) out->data[out->len] = '\0';
    return err;
}

static bool is_gzip(const unsigned char *d, size_t len) { return len >= 2 && d[0] == 0x1f && d[1] == 0x8b; }
static bool is_zstd(const unsigned char *d, size_t len)
{
    return len >= 4 && d[0] == 0x28 && d[1] == 0xb5 && d[2] == 0x2f && d[3] == 0xfd;
}

bool ng_is_compressed(const void *data, size_t len) { return is_gzip(data, len) || is_zstd(data, len); }

const char *ng_decompress(ng_arena *a, const void *data, size_t len, size_t limit, ng_buf *out, bool *decompressed)
{
    (void)a;
    const unsigned char *d = data;
    *decompressed = ng_is_compressed(d, len);
    if (is_gzip(d, len)) return gunzip(d, len, limit, out);
    if (is_zstd(d, len)) return unzstd(d, len, limit, out);
    return NULL;
}
