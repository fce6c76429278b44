// On Linux SwiftPM links every executable with `--defsym main=<Target>_main` (so tests can link executables),
// which would replace libFuzzer's main with a symbol a -parse-as-library target never defines. These define
// it as exactly what libFuzzer's own main does: run the driver on the target's LLVMFuzzerTestOneInput.
// (If SwiftPM ever stops renaming, libFuzzer's main is used and these are simply dead code.)
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int FuzzPresetLoader_main(int argc, char **argv) { return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput); }
int FuzzReducer_main(int argc, char **argv) { return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput); }
int FuzzDataFiles_main(int argc, char **argv) { return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput); }
