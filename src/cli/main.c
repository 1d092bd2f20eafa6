#include "embargo.h"
#include <stdio.h>
int main(void) { printf("embargo %s\n", EMBARGO_VERSION); return 0; }
