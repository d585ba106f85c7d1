#include "api/batch_request.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <string>

using namespace genx3d;
using namespace genx3d::api;
using Catch::Matchers::Contains;

namespace {

const ModelCatalog& catalog() {
  static const ModelCatalog c = ModelCatalog::with_defaults();
  return c;
}

boost::system::result<BatchRequest, ApiError> parse(const std::string& body) {
  return parse_batch_request(body, ChatConfig{}, catalog());
}

}  // namespace

TEST_CASE("JSON Lines, arrays and the requests object all parse", "[batch_request]") {
  auto lines = parse(
      "{\"custom_id\": \"a\", \"message\": \"a cube\"}\n\n"
      "{\"custom_id\": \"b\", \"body\": {\"message\": \"a gear\", \"temperature\": 0.1}}\r\n");
  REQUIRE(lines.has_value());
  REQUIRE(lines->items.size() == 2);
  CHECK(lines->items[0].custom_id == "a");
  CHECK(lines->items[0].request.model == ChatConfig{}.default_model);
  CHECK(lines->items[1].request.message == "a gear");
  CHECK(lines->items[1].request.temperature == Approx(0.1));

  auto array = parse(R"([{"custom_id": "x", "message": "m"}])");
  REQUIRE(array.has_value());
  CHECK(array->items.size() == 1);
  CHECK_FALSE(array->metadata);

  auto object =
      parse(R"({"requests": [{"custom_id": "x", "message": "m"}], "metadata": {"k": 1}})");
  REQUIRE(object.has_value());
  CHECK(object->metadata == std::string(R"({"k":1})"));
}

TEST_CASE("any invalid request refuses the batch, naming each one", "[batch_request]") {
  auto r = parse(
      "{\"custom_id\": \"ok\", \"message\": \"m\"}\n"
      "{\"message\": \"no id\"}\n"
      "not json\n"
      "{\"custom_id\": \"ok\", \"message\": \"again\"}\n"
      "{\"custom_id\": \"m\", \"message\": \"x\", \"model\": \"gpt-9\"}\n"
      "{\"custom_id\": \"t\", \"message\": \"x\", \"temperature\": 5}\n");
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error().status == 400);
  CHECK(r.error().code == "invalid_batch");
  const std::string& m = r.error().message;
  CHECK_THAT(m, Contains("5 of 6 requests"));
  CHECK_THAT(m, Contains("line 2: 'custom_id' is required"));
  CHECK_THAT(m, Contains("line 3: not valid JSON"));
  CHECK_THAT(m, Contains("line 4 (custom_id 'ok'): duplicate custom_id"));
  CHECK_THAT(m, Contains("line 5 (custom_id 'm'): model 'gpt-9'"));
  CHECK_THAT(m, Contains("line 6 (custom_id 't')"));
}

TEST_CASE("a batch holds 1 to 10,000 requests", "[batch_request]") {
  CHECK(parse("[]").error().code == "invalid_field");
  CHECK(parse("  \n").error().code == "invalid_json");
  nlohmann::json many = nlohmann::json::array();
  for (int i = 0; i <= 10000; ++i)
    many.push_back({{"custom_id", std::to_string(i)}, {"message", "m"}});
  auto r = parse(many.dump());
  REQUIRE_FALSE(r.has_value());
  CHECK_THAT(r.error().message, Contains("at most 10000"));
  many.erase(many.end() - 1);
  CHECK(parse(many.dump()).has_value());
}

TEST_CASE("array problems are reported by index", "[batch_request]") {
  auto r = parse(R"([{"custom_id": "a", "message": "m"}, 42])");
  REQUIRE_FALSE(r.has_value());
  CHECK_THAT(r.error().message, Contains("requests[1]: must be an object"));
}
