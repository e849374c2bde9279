// The command line's entry point: golive COMMAND [options] runs one of the commands in cli/
// (lint, new, status, the sign-off and cutover verbs, export, verify, check, health, login,
// logout, help); anything else opens the window.
#pragma once

namespace golive {

// Returns -1 when argv names no subcommand (then the GUI starts), else the process exit code:
// 0 ok, 1 a failure the user must act on, 2 a usage error. Handles `golive --help` and
// `--version` too. Creates its own QCoreApplication when it runs a subcommand, so call it
// before any QApplication exists.
int runCommandLine(int argc, char** argv);

} // namespace golive
