// The umbrella header compiles and links as C++.
#include <parindex/parindex.h>

int main()
{
    return parindex_version_number() == PARINDEX_VERSION_NUMBER ? 0 : 1;
}
