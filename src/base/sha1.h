/* sha1.h - SHA-1 (FIPS 180-4) of a byte string, for the functions that
 * 3.21 defines with it (canonifyuniquely, hash). Not for security. */
#ifndef MINICF_BASE_SHA1_H
#define MINICF_BASE_SHA1_H

#include <stddef.h>

/* Writes the digest of data[0..len) as 40 lowercase hex digits and a NUL
 * into hex. */
void sha1_hex(const void *data, size_t len, char hex[41]);

#endif
