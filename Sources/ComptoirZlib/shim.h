// The system zlib (the one ZIPFoundation links too), for the PDF writer's FlateDecode streams at a chosen level.
#include <zlib.h>
