#include "environment/environment.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <optional>
#include <system_error>

#include "common/error.h"

namespace mlonmcu::environment {

namespace {

constexpr const char* kFileName = "environment.yml";

std::string init_hint(const fs::path& home) {
  return fmt::format("create one with `mlonmcu init {}`", home.string());
}

fs::path absolute_normal(const fs::path& p) {
  std::error_code ec;
  fs::path abs = fs::absolute(p, ec);
  if (ec) abs = p;
  return abs.lexically_normal();
}

// "~" and "~/x" as users write them in YAML; relative paths are relative to the home.
fs::path resolve_in_home(const std::string& text, const fs::path& home) {
  if (text == "~" || text.rfind("~/", 0) == 0) {
    const char* user_home = std::getenv("HOME");
    if (user_home != nullptr && *user_home != '\0') {
      return fs::path(std::string(user_home) + text.substr(1)).lexically_normal();
    }
  }
  const fs::path p(text);
  return p.is_absolute() ? p.lexically_normal() : (home / p).lexically_normal();
}

void create_dir(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw Error(ErrorKind::Io, fmt::format("cannot create directory {}: {}", dir.string(), ec.message()));
}

// Writes next to the target and renames, so a crash never leaves half an environment.yml.
void write_file_atomically(const fs::path& path, const std::string& text) {
  const fs::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) throw Error(ErrorKind::Io, fmt::format("cannot write {}", tmp.string()));
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) throw Error(ErrorKind::Io, fmt::format("cannot write {}: {}", path.string(), ec.message()));
}

std::string to_yaml(const Environment& env) {
  YAML::Emitter out;
  out << YAML::BeginMap;
  out << YAML::Key << "name" << YAML::Value << env.name;
  out << YAML::Key << "paths" << YAML::Value << YAML::BeginMap;
  out << YAML::Key << "models" << YAML::Value;
  if (env.model_dirs.empty()) out << YAML::Flow;
  out << YAML::BeginSeq;
  // Directories inside the home are written relative to it, so the environment can be moved.
  for (const auto& dir : env.model_dirs) {
    const fs::path rel = dir.lexically_relative(env.home);
    const bool inside = !rel.empty() && rel.string().rfind("..", 0) != 0;
    out << (inside ? rel.string() : dir.string());
  }
  out << YAML::EndSeq;
  out << YAML::Key << "deps" << YAML::Value << "deps";
  out << YAML::Key << "temp" << YAML::Value << "temp";
  out << YAML::Key << "results" << YAML::Value << "results";
  out << YAML::EndMap;
  out << YAML::Key << "config" << YAML::Value;
  if (env.default_configs.empty()) out << YAML::Flow;
  out << YAML::BeginSeq;
  for (const auto& kv : env.default_configs) out << kv;
  out << YAML::EndSeq;
  out << YAML::EndMap;
  return std::string("# MLonMCU environment. paths.models: model directories (relative to this file's\n"
                     "# directory or absolute); config: \"component.key=value\" defaults applied before -c.\n") +
         out.c_str() + "\n";
}

[[noreturn]] void bad_file(const fs::path& file, const std::string& why) {
  throw Error(ErrorKind::Config, fmt::format("{}: {}", file.string(), why));
}

std::vector<std::string> read_string_list(const YAML::Node& node, const fs::path& file, const char* what) {
  std::vector<std::string> result;
  if (!node || node.IsNull()) return result;
  if (node.IsScalar()) {
    result.push_back(node.as<std::string>());
    return result;
  }
  if (!node.IsSequence()) bad_file(file, fmt::format("'{}' must be a list of strings", what));
  for (const auto& item : node) {
    if (!item.IsScalar()) bad_file(file, fmt::format("'{}' must be a list of strings", what));
    result.push_back(item.as<std::string>());
  }
  return result;
}

}  // namespace

Environment init_environment(const fs::path& home_in, const InitOptions& options) {
  const fs::path home = absolute_normal(home_in);
  const fs::path file = home / kFileName;
  std::error_code ec;
  if (fs::exists(file, ec) && !options.overwrite) {
    throw Error(ErrorKind::Usage,
                fmt::format("an environment already exists at {} (use --force to overwrite it)", home.string()));
  }
  if (fs::exists(home, ec) && !fs::is_directory(home, ec)) {
    throw Error(ErrorKind::Usage, fmt::format("{} exists and is not a directory", home.string()));
  }
  if (options.name.empty()) throw Error(ErrorKind::Usage, "the environment name must not be empty");

  Environment env;
  env.home = home;
  env.name = options.name;
  for (const auto& dir : options.model_dirs) {
    const fs::path abs = absolute_normal(dir);
    if (!fs::is_directory(abs, ec)) {
      throw Error(ErrorKind::Usage, fmt::format("model directory {} does not exist", abs.string()));
    }
    env.model_dirs.push_back(abs);
  }
  if (env.model_dirs.empty()) env.model_dirs.push_back(home / "models");

  create_dir(home);
  create_dir(env.deps_dir());
  create_dir(env.sessions_dir());
  create_dir(env.results_dir());
  for (const auto& dir : env.model_dirs) {
    const fs::path rel = dir.lexically_relative(home);
    if (!rel.empty() && rel.string().rfind("..", 0) != 0) create_dir(dir);  // only inside home
  }
  write_file_atomically(file, to_yaml(env));
  return env;
}

Environment load_environment(const fs::path& home_in) {
  const fs::path home = absolute_normal(home_in);
  const fs::path file = home / kFileName;
  std::error_code ec;
  if (!fs::is_directory(home, ec)) {
    throw Error(ErrorKind::Usage, fmt::format("no MLonMCU environment at {} ({})", home.string(), init_hint(home)));
  }
  if (!fs::is_regular_file(file, ec)) {
    throw Error(ErrorKind::Usage, fmt::format("{} has no {} ({})", home.string(), kFileName, init_hint(home)));
  }
  YAML::Node root;
  try {
    root = YAML::LoadFile(file.string());
  } catch (const YAML::ParserException& e) {
    bad_file(file, fmt::format("invalid YAML at line {}: {}", e.mark.line + 1, e.msg));
  } catch (const YAML::Exception& e) {
    bad_file(file, e.what());
  }
  if (root.IsNull()) root = YAML::Node(YAML::NodeType::Map);  // an empty file: all defaults
  if (!root.IsMap()) bad_file(file, "expected a mapping with 'name', 'paths' and 'config'");

  Environment env;
  env.home = home;
  try {
    env.name = root["name"] && root["name"].IsScalar() ? root["name"].as<std::string>() : home.filename().string();
    const YAML::Node paths = root["paths"];
    if (paths && !paths.IsNull() && !paths.IsMap()) bad_file(file, "'paths' must be a mapping");
    if (paths && paths.IsMap()) {
      for (const auto& dir : read_string_list(paths["models"], file, "paths.models")) {
        env.model_dirs.push_back(resolve_in_home(dir, home));
      }
      // deps/temp/results are fixed below the home (Environment's accessors); other values are
      // refused instead of being silently ignored.
      for (const char* fixed : {"deps", "temp", "results"}) {
        const YAML::Node node = paths[fixed];
        if (node && !(node.IsScalar() && resolve_in_home(node.as<std::string>(), home) == home / fixed)) {
          bad_file(file, fmt::format("paths.{} must be '{}' (other locations are not supported yet)", fixed, fixed));
        }
      }
    } else {
      env.model_dirs.push_back(home / "models");
    }
    env.default_configs = read_string_list(root["config"], file, "config");
  } catch (const YAML::Exception& e) {
    bad_file(file, e.what());
  }
  for (const auto& kv : env.default_configs) {
    if (kv.find('=') == std::string::npos) bad_file(file, fmt::format("config entry '{}' is not key=value", kv));
  }
  return env;
}

namespace {

bool holds_environment(const fs::path& dir) {
  std::error_code ec;
  return !dir.empty() && fs::is_regular_file(dir / kFileName, ec);
}

// ~/.config/mlonmcu/default-home holds one line: the path of the user's default environment.
std::optional<fs::path> read_default_home_file(const fs::path& user_home) {
  const fs::path file = user_home / ".config" / "mlonmcu" / "default-home";
  std::ifstream in(file);
  if (!in) return std::nullopt;
  std::string line;
  std::getline(in, line);
  while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back()))) line.pop_back();
  if (line.empty()) return std::nullopt;
  return resolve_in_home(line, user_home);
}

}  // namespace

fs::path find_home(const std::optional<fs::path>& cli_home) {
  // An explicit choice is taken as is: if it holds no environment, load_environment says so.
  if (cli_home && !cli_home->empty()) return absolute_normal(*cli_home);
  const char* env_home = std::getenv("MLONMCU_HOME");
  if (env_home != nullptr && *env_home != '\0') return absolute_normal(env_home);

  const char* user_home_text = std::getenv("HOME");
  if (user_home_text != nullptr && *user_home_text != '\0') {
    const fs::path user_home(user_home_text);
    if (const auto from_file = read_default_home_file(user_home); from_file && holds_environment(*from_file)) {
      return *from_file;
    }
    for (const fs::path& candidate :
         {user_home / ".config" / "mlonmcu" / "environments" / "default", user_home / "mlonmcu"}) {
      if (holds_environment(candidate)) return candidate;
    }
  }
  throw Error(ErrorKind::Usage,
              "no MLonMCU environment found: create one with `mlonmcu init [DIR]` (default ~/mlonmcu), "
              "or pass --home DIR or set MLONMCU_HOME");
}

}  // namespace mlonmcu::environment
