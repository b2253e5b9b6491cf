#ifndef FERRY_CXXHASH_SHIM_H
#define FERRY_CXXHASH_SHIM_H
#include <xxhash.h>
#endif
