/* replay.c — run a fuzz target over files, without libFuzzer: how `make
 * test` keeps every input that once crashed a target as a regression test.
 * Usage: replay_TARGET FILE...; prints "ok fuzz-TARGET-NAME" per file (a
 * crash ends the program, which the runner reports). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
    const char *target = strrchr(argv[0], '_');
    target = target ? target + 1 : argv[0];
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            printf("not ok fuzz-%s-%s: cannot read it\n", target, argv[i]);
            continue;
        }
        fseek(f, 0, SEEK_END);
        long n = ftell(f);
        rewind(f);
        uint8_t *buf = malloc(n > 0 ? (size_t)n : 1);
        size_t got = buf ? fread(buf, 1, (size_t)(n > 0 ? n : 0), f) : 0;
        fclose(f);
        LLVMFuzzerTestOneInput(buf, got);
        free(buf);
        const char *base = strrchr(argv[i], '/');
        printf("ok fuzz-%s-%s\n", target, base ? base + 1 : argv[i]);
    }
    return 0;
}
