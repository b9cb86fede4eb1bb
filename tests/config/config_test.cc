// The config mechanism: parsing K=V against declared keys, normalization, errors, defaults.
#include "config/config.h"

#include <gtest/gtest.h>

#include "expect_error.h"

#include <limits>

#include "common/error.h"

namespace mlonmcu::config {
namespace {

Registry test_registry() {
  Registry r;
  r.add({"interp.arena_size", Type::Int, "32768", "arena bytes", {}, 1024, 1 << 20});
  r.add({"interp.memplan", Type::Choice, "greedy", "planner", {"greedy", "greedy_by_size", "naive"}, {}, {}});
  r.add({"validate.atol", Type::Float, "1e-5", "tolerance", {}, {}, {}});
  r.add({"debug.enabled", Type::Bool, "false", "debug", {}, {}, {}});
  r.add({"riscv.timeout", Type::Int, "120", "seconds", {}, 1, {}});
  r.add({"riscv.toolchain", Type::Path, "", "compiler prefix", {}, {}, {}});
  r.add({"mlif.comment", Type::String, "", "free text", {}, {}, {}});
  r.add({"wide.value", Type::Int, "0", "no range", {}, {}, {}});
  return r;
}

using mlonmcu::test_support::error_of;

TEST(Config, DefaultsWhenNothingGiven) {
  const Registry r = test_registry();
  const Config c = Config::parse(r, {});
  EXPECT_EQ(c.get_int("interp.arena_size"), 32768);
  EXPECT_EQ(c.get_string("interp.memplan"), "greedy");
  EXPECT_DOUBLE_EQ(c.get_float("validate.atol"), 1e-5);
  EXPECT_FALSE(c.get_bool("debug.enabled"));
  EXPECT_FALSE(c.has("interp.arena_size"));
  EXPECT_TRUE(c.non_default().empty());
}

TEST(Config, IntegersInDecimalHexAndBinary) {
  const Registry r = test_registry();
  EXPECT_EQ(Config::parse(r, {"interp.arena_size=4096"}).get_int("interp.arena_size"), 4096);
  EXPECT_EQ(Config::parse(r, {"interp.arena_size=0x8000"}).get_int("interp.arena_size"), 32768);
  EXPECT_EQ(Config::parse(r, {"interp.arena_size=0b10000000000"}).get_int("interp.arena_size"), 1024);
  EXPECT_EQ(Config::parse(r, {"wide.value=-7"}).get_int("wide.value"), -7);
  EXPECT_EQ(Config::parse(r, {"wide.value= 12 "}).get_int("wide.value"), 12);  // spaces around are ignored
  const Config c = Config::parse(r, {"interp.arena_size=0x1000"});
  EXPECT_EQ(c.values().at("interp.arena_size"), "4096");  // stored normalized
}

TEST(Config, IntegerLimitsOfInt64) {
  const Registry r = test_registry();
  EXPECT_EQ(Config::parse(r, {"wide.value=9223372036854775807"}).get_int("wide.value"),
            std::numeric_limits<int64_t>::max());
  EXPECT_EQ(Config::parse(r, {"wide.value=-9223372036854775808"}).get_int("wide.value"),
            std::numeric_limits<int64_t>::min());
  error_of(ErrorKind::Config, [&] { Config::parse(r, {"wide.value=9223372036854775808"}); });
  error_of(ErrorKind::Config, [&] { Config::parse(r, {"wide.value=-9223372036854775809"}); });
}

TEST(Config, BadIntegersNameKeyAndProblem) {
  const Registry r = test_registry();
  std::string m = error_of(ErrorKind::Config, [&] { Config::parse(r, {"interp.arena_size=12k"}); });
  EXPECT_NE(m.find("interp.arena_size"), std::string::npos);
  EXPECT_NE(m.find("integer"), std::string::npos);
  m = error_of(ErrorKind::Config, [&] { Config::parse(r, {"interp.arena_size=100"}); });
  EXPECT_NE(m.find("between 1024 and 1048576"), std::string::npos) << m;
  m = error_of(ErrorKind::Config, [&] { Config::parse(r, {"riscv.timeout=0"}); });
  EXPECT_NE(m.find("at least 1"), std::string::npos) << m;
  error_of(ErrorKind::Config, [&] { Config::parse(r, {"interp.arena_size="}); });
  error_of(ErrorKind::Config, [&] { Config::parse(r, {"interp.arena_size=0x"}); });
  error_of(ErrorKind::Config, [&] { Config::parse(r, {"interp.arena_size=1.5"}); });
}

TEST(Config, Booleans) {
  const Registry r = test_registry();
  for (const char* yes : {"1", "true", "TRUE", "yes", "on", "Y"}) {
    const Config c = Config::parse(r, {std::string("debug.enabled=") + yes});
    EXPECT_TRUE(c.get_bool("debug.enabled")) << yes;
    EXPECT_EQ(c.values().at("debug.enabled"), "true");
  }
  for (const char* no : {"0", "false", "No", "off", "n"}) {
    EXPECT_FALSE(Config::parse(r, {std::string("debug.enabled=") + no}).get_bool("debug.enabled")) << no;
  }
  const std::string m = error_of(ErrorKind::Config, [&] { Config::parse(r, {"debug.enabled=maybe"}); });
  EXPECT_NE(m.find("boolean"), std::string::npos);
}

TEST(Config, Floats) {
  const Registry r = test_registry();
  EXPECT_DOUBLE_EQ(Config::parse(r, {"validate.atol=0.25"}).get_float("validate.atol"), 0.25);
  EXPECT_DOUBLE_EQ(Config::parse(r, {"validate.atol=1e-3"}).get_float("validate.atol"), 0.001);
  EXPECT_DOUBLE_EQ(Config::parse(r, {"validate.atol=+2"}).get_float("validate.atol"), 2.0);
  EXPECT_EQ(Config::parse(r, {"validate.atol=1.50"}).values().at("validate.atol"), "1.5");
  for (const char* bad : {"nan", "inf", "-inf", "1e999", "abc", "1.5x", ""}) {
    error_of(ErrorKind::Config, [&] { Config::parse(r, {std::string("validate.atol=") + bad}); });
  }
  // An int key reads as a float too (a timeout in seconds used in arithmetic).
  EXPECT_DOUBLE_EQ(Config::parse(r, {"riscv.timeout=3"}).get_float("riscv.timeout"), 3.0);
}

TEST(Config, ChoicesAreMatchedIgnoringCaseAndStoredAsDeclared) {
  const Registry r = test_registry();
  EXPECT_EQ(Config::parse(r, {"interp.memplan=GREEDY_BY_SIZE"}).get_string("interp.memplan"), "greedy_by_size");
  const std::string m = error_of(ErrorKind::Config, [&] { Config::parse(r, {"interp.memplan=best"}); });
  EXPECT_NE(m.find("greedy, greedy_by_size, naive"), std::string::npos) << m;
}

TEST(Config, StringsKeepEqualsSignsAndPathsExpandHome) {
  const Registry r = test_registry();
  EXPECT_EQ(Config::parse(r, {"mlif.comment=a=b"}).get_string("mlif.comment"), "a=b");
  const char* home = std::getenv("HOME");
  if (home != nullptr && *home != '\0') {
    EXPECT_EQ(Config::parse(r, {"riscv.toolchain=~/x/bin"}).get_string("riscv.toolchain"), std::string(home) + "/x/bin");
  }
  EXPECT_EQ(Config::parse(r, {"riscv.toolchain=/opt/x"}).get_string("riscv.toolchain"), "/opt/x");
}

TEST(Config, LastAssignmentWins) {
  const Registry r = test_registry();
  EXPECT_EQ(Config::parse(r, {"interp.arena_size=2048", "interp.arena_size=4096"}).get_int("interp.arena_size"),
            4096);
}

TEST(Config, UnknownKeySuggestsClosestKnownKeys) {
  const Registry r = test_registry();
  std::string m = error_of(ErrorKind::Config, [&] { Config::parse(r, {"interp.arena_sise=1"}); });
  EXPECT_NE(m.find("unknown config key 'interp.arena_sise'"), std::string::npos) << m;
  EXPECT_NE(m.find("did you mean interp.arena_size"), std::string::npos) << m;
  // A shortened key part of a known component.
  m = error_of(ErrorKind::Config, [&] { Config::parse(r, {"interp.arena=1"}); });
  EXPECT_NE(m.find("interp.arena_size"), std::string::npos) << m;
  // The right key under the wrong component.
  m = error_of(ErrorKind::Config, [&] { Config::parse(r, {"arm.timeout=5"}); });
  EXPECT_NE(m.find("riscv.timeout"), std::string::npos) << m;
  // Nothing close: the message still names the key and how keys look.
  m = error_of(ErrorKind::Config, [&] { Config::parse(r, {"zzz=5"}); });
  EXPECT_NE(m.find("'zzz'"), std::string::npos) << m;
  EXPECT_NE(m.find("<component>.<key>"), std::string::npos) << m;
}

TEST(Config, MalformedAssignments) {
  const Registry r = test_registry();
  std::string m = error_of(ErrorKind::Config, [&] { Config::parse(r, {"interp.arena_size"}); });
  EXPECT_NE(m.find("key=value"), std::string::npos) << m;
  m = error_of(ErrorKind::Config, [&] { Config::parse(r, {"=5"}); });
  EXPECT_NE(m.find("empty"), std::string::npos) << m;
}

TEST(Config, NonDefaultComparesNormalizedValues) {
  const Registry r = test_registry();
  // 0x8000 is the default 32768 written differently: not a difference worth a report column.
  const Config c = Config::parse(
      r, {"riscv.timeout=60", "interp.arena_size=0x8000", "debug.enabled=yes", "interp.memplan=Greedy"});
  const std::map<std::string, std::string> expected = {{"debug.enabled", "true"}, {"riscv.timeout", "60"}};
  EXPECT_EQ(c.non_default(), expected);
}

TEST(Config, ComponentValuesOnlyOfThatComponent) {
  Registry r = test_registry();
  r.add({"interpx.other", Type::Int, "0", "", {}, {}, {}});
  const Config c = Config::parse(r, {"interp.arena_size=2048", "interpx.other=1", "riscv.timeout=5"});
  const std::map<std::string, std::string> expected = {{"interp.arena_size", "2048"}};
  EXPECT_EQ(c.component_values("interp"), expected);
  ASSERT_EQ(r.component_keys("interp").size(), 2u);
  EXPECT_EQ(r.component_keys("interp")[0]->key, "interp.arena_size");
  EXPECT_EQ(r.component_keys("interp")[1]->key, "interp.memplan");
}

TEST(Config, SetValidatesLikeParse) {
  const Registry r = test_registry();
  Config c = Config::parse(r, {});
  c.set("interp.arena_size", "0x800");
  EXPECT_EQ(c.get_int("interp.arena_size"), 2048);
  error_of(ErrorKind::Config, [&] { c.set("interp.arena_size", "x"); });
  error_of(ErrorKind::Config, [&] { c.set("nope.key", "1"); });
  EXPECT_EQ(c.get_int("interp.arena_size"), 2048);  // a rejected value changes nothing
}

TEST(Config, ProgrammingMistakesAreInternalErrors) {
  Registry r = test_registry();
  const Config c = Config::parse(r, {});
  error_of(ErrorKind::Internal, [&] { c.get_int("never.declared"); });
  error_of(ErrorKind::Internal, [&] { c.get_bool("interp.arena_size"); });
  error_of(ErrorKind::Internal, [&] { c.get_int("interp.memplan"); });
  error_of(ErrorKind::Internal, [&] { r.add({"interp.arena_size", Type::String, "", "", {}, {}, {}}); });
  error_of(ErrorKind::Internal, [&] { r.add({"bad.default", Type::Int, "many", "", {}, {}, {}}); });
  error_of(ErrorKind::Internal, [&] { r.add({"bad.choice", Type::Choice, "", "", {}, {}, {}}); });
  Config empty;
  error_of(ErrorKind::Internal, [&] { empty.set("interp.arena_size", "1"); });
  // Declaring the same key again with the same type is harmless.
  r.add({"interp.arena_size", Type::Int, "32768", "again", {}, {}, {}});
  EXPECT_EQ(r.find("interp.arena_size")->help, "arena bytes");
}

TEST(Config, NormalizeValueDirectly) {
  KeyDef def{"a.b", Type::Int, "", "", {}, 0, 255};
  EXPECT_EQ(normalize_value(def, "0xff"), "255");
  EXPECT_EQ(normalize_value(def, "-0"), "0");
  error_of(ErrorKind::Config, [&] { normalize_value(def, "256"); });
}

}  // namespace
}  // namespace mlonmcu::config
