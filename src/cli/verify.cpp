// fengqiao verify: checks a journal file's hash chains and reports the first record altered or removed.
#include <iostream>

#include "commands.hpp"
#include "fengqiao/store/sqlite_journal.hpp"

namespace fengqiao::cli {

int verify(const Args& args) {
    if (args.empty() || args[0] == "--help" || args[0] == "-h") {
        (args.empty() ? std::cerr : std::cout)
            << "usage: fengqiao verify FILE...\n\n"
               "Checks journal files: the sequence of records, every record's content against its hash,\n"
               "each case's hash chain, the readable columns, the stored case state and the stored free text\n"
               "against the records,\n"
               "the journal's head and the file's structure. Prints the first record that was altered or\n"
               "removed, or a summary ending with the digest of all records (keep it: a later check that\n"
               "finds another digest shows records altered or removed even if the head was rewritten).\n"
               "Never modifies the file. Exit code 1 if any file is damaged.\n";
        return args.empty() ? usage_error : ok;
    }
    if (refuse_options(args, "verify")) return usage_error;
    int status = ok;
    for (auto path : args) {
        const JournalVerification v = verify_journal(std::string(path));
        if (v.intact) {
            std::cout << v.message << "\n";
        } else {
            std::cout << v.message << "\n";
            if (v.first_bad != 0) std::cout << "first bad record: " << v.first_bad << "\n";
            status = failure;
        }
    }
    return status;
}

}  // namespace fengqiao::cli
