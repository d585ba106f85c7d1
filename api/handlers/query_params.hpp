// Reading paging parameters from a query string.
#pragma once

#include <boost/system/result.hpp>

#include "api/api_error.hpp"

namespace genx3d::api {

struct Paging {
  int limit = 50;
  int offset = 0;
};

// ?limit= (1..max_limit, default 50) and ?offset= (>= 0, default 0); 400 names the bad one.
boost::system::result<Paging, ApiError> parse_paging(const HttpRequest& request, int max_limit);

}  // namespace genx3d::api
