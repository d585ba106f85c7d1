// JobRunner with a validator: the repair loop's I/O, with a scripted validator (no Node.js).
#include "support/fake_provider.hpp"
#include "support/run_coro.hpp"
#include "worker/job_runner.hpp"

#include <catch2/catch.hpp>

#include <deque>

using namespace genx3d;
using namespace genx3d::worker;
using namespace genx3d::test;

namespace {

// Fails the first `failures` validations with a runtime error on line 2, then passes.
class ScriptedValidator final : public CodeValidator {
 public:
  explicit ScriptedValidator(int failures, bool skip = false) : failures_(failures), skip_(skip) {}
  boost::asio::awaitable<Validation> validate(std::optional<std::string> code,
                                              std::string message) override {
    ++calls;
    Validation v;
    if (skip_) {
      v.skipped = "no node";
      co_return v;
    }
    v.ok = calls > failures_;
    if (!*v.ok) v.error = CodeError{"runtime", "TypeError: CSG.torus is not a function", 2, 9};
    co_return v;
  }
  int calls = 0;

 private:
  int failures_;
  bool skip_;
};

struct Rig {
  std::shared_ptr<FakeProvider> provider;
  ProviderRouter router;
  ScriptedValidator validator;
  std::vector<std::string> phases;
  JobRunner runner;

  Rig(int failures, int repairs, bool skip = false)
      : provider(std::make_shared<FakeProvider>()),
        router(catalog(), {{"fake", provider}}),
        validator(failures, skip),
        runner(router, validator, repairs,
               [this](const std::string&, std::string_view p) { phases.emplace_back(p); }) {}

  static ModelCatalog catalog() {
    ModelCatalog c;
    c.add({"fake-model", "fake", {}, "test double"});
    return c;
  }

  JobOutcome run() {
    JobPayload job;
    job.job_id = "chat_1";
    job.model = "fake-model";
    job.message = "a cube";
    return run_coro(runner.run(job));
  }
};

}  // namespace

TEST_CASE("an answer that fails once is repaired; both attempts are kept", "[job_runner]") {
  Rig rig(1, 2);
  JobOutcome out = rig.run();
  REQUIRE(out.answer);
  REQUIRE(out.answer->validation);
  CHECK(*out.answer->validation->ok);
  REQUIRE(out.answer->attempts.size() == 2);
  REQUIRE(out.answer->attempts[0].error);
  CHECK(out.answer->attempts[0].error->line == 2);
  CHECK_FALSE(out.answer->attempts[1].error);
  CHECK(rig.provider->calls() == 2);
  CHECK(out.answer->tokens_used == 14);  // both calls count
  CHECK(out.answer->model_used == "fake-model");
  CHECK(rig.phases ==
        std::vector<std::string>{"generating", "validating", "repairing", "validating", "done"});

  // The repair call carries the failing answer and its error with line and column.
  auto second = rig.provider->requests().at(1);
  REQUIRE(second.history.size() == 2);
  CHECK(second.history[1].role == "assistant");
  CHECK_THAT(second.user_message, Catch::Matchers::Contains("line 2, column 9"));
  CHECK_THAT(second.user_message, Catch::Matchers::Contains("var c = CSG.cube();"));
}

TEST_CASE("repairs stop at the configured limit; the job still succeeds, validation failed",
          "[job_runner]") {
  Rig rig(10, 2);
  JobOutcome out = rig.run();
  REQUIRE(out.answer);
  CHECK(out.answer->validation->ok == false);
  CHECK(out.answer->attempts.size() == 3);
  CHECK(rig.provider->calls() == 3);
  CHECK(out.answer->tokens_used == 21);
}

TEST_CASE("a skipped validation (no Node.js) neither fails nor repairs", "[job_runner]") {
  Rig rig(0, 2, true);
  JobOutcome out = rig.run();
  REQUIRE(out.answer);
  CHECK_FALSE(out.answer->validation->ok);
  CHECK(out.answer->validation->skipped == "no node");
  CHECK(rig.provider->calls() == 1);
}
