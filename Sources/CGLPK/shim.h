#ifndef FERRY_CGLPK_SHIM_H
#define FERRY_CGLPK_SHIM_H
#include <glpk.h>
#endif
