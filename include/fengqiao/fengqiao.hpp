/// @file fengqiao.hpp
/// @brief Everything an integrator needs: include this one header and link fengqiao::fengqiao.
///
/// Compiles as C++17 and C++20 and does not include Boost.MSM (the lifecycle machine is compiled
/// inside the library).
#pragma once

#include "fengqiao/version.hpp"

#include "fengqiao/core/calendar.hpp"
#include "fengqiao/core/clock.hpp"
#include "fengqiao/core/enum_names.hpp"
#include "fengqiao/core/error.hpp"
#include "fengqiao/core/ids.hpp"
#include "fengqiao/core/text.hpp"
#include "fengqiao/core/time.hpp"

#include "fengqiao/model/actor.hpp"
#include "fengqiao/model/case.hpp"
#include "fengqiao/model/category.hpp"
#include "fengqiao/model/channel.hpp"
#include "fengqiao/model/jurisdiction.hpp"
#include "fengqiao/model/outcome.hpp"
#include "fengqiao/model/party.hpp"
#include "fengqiao/model/risk.hpp"

#include "fengqiao/lifecycle/command.hpp"
#include "fengqiao/lifecycle/diagram.hpp"
#include "fengqiao/lifecycle/machine.hpp"
#include "fengqiao/lifecycle/state.hpp"
#include "fengqiao/lifecycle/transition_table.hpp"

#include "fengqiao/policy/assignment.hpp"
#include "fengqiao/policy/authorization.hpp"
#include "fengqiao/policy/deadline.hpp"
#include "fengqiao/policy/escalation.hpp"
#include "fengqiao/policy/fengqiao.hpp"
#include "fengqiao/policy/policy_set.hpp"
#include "fengqiao/policy/risk.hpp"

#include "fengqiao/store/journal.hpp"
#include "fengqiao/store/memory_journal.hpp"
#include "fengqiao/store/json_lines.hpp"
#include "fengqiao/store/sqlite_journal.hpp"

#include "fengqiao/engine/engine.hpp"
#include "fengqiao/engine/listener.hpp"
#include "fengqiao/engine/query.hpp"

#include "fengqiao/config/county.hpp"
#include "fengqiao/config/county_journal.hpp"
