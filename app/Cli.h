// The command line: golive lint|new|status|sign|revoke|na|block|note|fill|verify|help.
#pragma once

namespace golive {

// Returns -1 when argv names no subcommand (then the GUI starts), else the process exit code:
// 0 ok, 1 a failure the user must act on, 2 a usage error. Handles `golive --help` and
// `--version` too. Creates its own QCoreApplication when it runs a subcommand, so call it
// before any QApplication exists.
int runCommandLine(int argc, char** argv);

} // namespace golive
