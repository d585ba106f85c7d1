// The fixed JavaScript of each part family (ES5, csg.js API only, two-space indentation).
// Each text ends with a blank line; part_code.cpp appends the `var myX = createX(...);` call.
#pragma once

#include <string_view>

namespace genx3d::worker::builtin::templates {

inline constexpr int kConeLayers = 24;

inline constexpr std::string_view kCube = R"(function createCube(size) {
  return CSG.cube({
    center: [0, 0, size / 2],
    radius: size / 2
  });
}

)";

inline constexpr std::string_view kBox = R"(function createBox(width, depth, height) {
  return CSG.cube({
    center: [0, 0, height / 2],
    radius: [width / 2, depth / 2, height / 2]
  });
}

)";

inline constexpr std::string_view kSphere = R"(function createSphere(radius) {
  // 32 slices and 16 stacks put vertices on the x, y and z axes: the size is exact.
  return CSG.sphere({
    center: [0, 0, radius],
    radius: radius,
    slices: 32,
    stacks: 16
  });
}

)";

inline constexpr std::string_view kCylinder = R"(function createCylinder(radius, height) {
  return CSG.cylinder({
    start: [0, 0, 0],
    end: [0, 0, height],
    radius: radius,
    slices: 64
  });
}

)";

inline constexpr std::string_view kTube = R"(function createTube(outerRadius, innerRadius, length) {
  var outside = CSG.cylinder({
    start: [0, 0, 0],
    end: [0, 0, length],
    radius: outerRadius,
    slices: 64
  });
  // The hole runs past both ends so no thin skin is left over the openings.
  var inside = CSG.cylinder({
    start: [0, 0, -1],
    end: [0, 0, length + 1],
    radius: innerRadius,
    slices: 64
  });
  return outside.subtract(inside);
}

)";

inline constexpr std::string_view kWasher =
    R"(function createWasher(outerRadius, innerRadius, thickness) {
  var disc = CSG.cylinder({
    start: [0, 0, 0],
    end: [0, 0, thickness],
    radius: outerRadius,
    slices: 64
  });
  // The hole runs past both faces so no thin skin is left over it.
  var hole = CSG.cylinder({
    start: [0, 0, -1],
    end: [0, 0, thickness + 1],
    radius: innerRadius,
    slices: 64
  });
  return disc.subtract(hole);
}

)";

inline constexpr std::string_view kCone =
    R"(// csg.js has no cone primitive, so the cone is a stack of thin discs.
function createCone(baseRadius, topRadius, height, layers) {
  var layerHeight = height / layers;
  var discs = [];
  for (var i = 0; i < layers; i++) {
    var lower = baseRadius + (topRadius - baseRadius) * i / layers;
    var upper = baseRadius + (topRadius - baseRadius) * (i + 1) / layers;
    // Each disc takes the wider of its two edges, so the stack keeps the cone's full size.
    discs.push(CSG.cylinder({
      start: [0, 0, i * layerHeight],
      end: [0, 0, (i + 1) * layerHeight],
      radius: Math.max(lower, upper),
      slices: 48
    }));
  }
  return unionAll(discs);
}

)";

inline constexpr std::string_view kGear =
    R"(function createGear(teeth, radius, thickness, boreRadius, toothDepth) {
  var pitchAngle = 2 * Math.PI / teeth;
  // Teeth sit on the x and y axes where the tooth count allows, so the gear spans its full
  // outside diameter in both directions.
  var phase = (teeth % 4 === 0 ? 0 : teeth % 2 === 0 ? 0.25 : 0.125) * pitchAngle;
  // Each tooth is a column of round pins, a little over half a pitch wide at the tip.
  var pinRadius = 1.1 * radius * Math.sin(pitchAngle / 4);
  var pins = Math.max(1, Math.ceil((toothDepth - 0.5 * pinRadius) / pinRadius) + 1);
  var pinStep = pins > 1 ? (toothDepth - 0.5 * pinRadius) / (pins - 1) : 0;
  var parts = [CSG.cylinder({
    start: [0, 0, 0],
    end: [0, 0, thickness],
    radius: radius - toothDepth,
    slices: 64
  })];
  for (var i = 0; i < teeth; i++) {
    var angle = phase + i * pitchAngle;
    for (var j = 0; j < pins; j++) {
      var distance = radius - j * pinStep;
      var x = distance * Math.cos(angle);
      var y = distance * Math.sin(angle);
      parts.push(CSG.cylinder({
        start: [x, y, 0],
        end: [x, y, thickness],
        radius: pinRadius,
        slices: 12
      }));
    }
  }
  // Trimming to the outside diameter gives every tooth a flat top.
  var gear = unionAll(parts).intersect(CSG.cylinder({
    start: [0, 0, 0],
    end: [0, 0, thickness],
    radius: radius,
    slices: 64
  }));
  if (boreRadius > 0) {
    gear = gear.subtract(CSG.cylinder({
      start: [0, 0, -1],
      end: [0, 0, thickness + 1],
      radius: boreRadius,
      slices: 32
    }));
  }
  return gear;
}

)";

inline constexpr std::string_view kPlate = R"(function createPlate(length, width, thickness) {
  return CSG.cube({
    center: [0, 0, thickness / 2],
    radius: [length / 2, width / 2, thickness / 2]
  });
}

)";

inline constexpr std::string_view kPlateHoleGrid =
    R"(function createPlateWithHoles(length, width, thickness, holeRadius, columns, rows, margin) {
  var plate = CSG.cube({
    center: [0, 0, thickness / 2],
    radius: [length / 2, width / 2, thickness / 2]
  });
  // Hole centres are spread evenly between the margins; a single row or column is centred.
  var stepX = columns > 1 ? (length - 2 * margin) / (columns - 1) : 0;
  var stepY = rows > 1 ? (width - 2 * margin) / (rows - 1) : 0;
  var holes = [];
  for (var row = 0; row < rows; row++) {
    for (var column = 0; column < columns; column++) {
      var x = (column - (columns - 1) / 2) * stepX;
      var y = (row - (rows - 1) / 2) * stepY;
      holes.push(CSG.cylinder({
        start: [x, y, -1],
        end: [x, y, thickness + 1],
        radius: holeRadius,
        slices: 32
      }));
    }
  }
  return plate.subtract(unionAll(holes));
}

)";

inline constexpr std::string_view kPlateHoleCircle =
    R"(function createPlateWithHoleCircle(length, width, thickness, holeRadius, holeCount, circleRadius) {
  var plate = CSG.cube({
    center: [0, 0, thickness / 2],
    radius: [length / 2, width / 2, thickness / 2]
  });
  var holes = [];
  for (var i = 0; i < holeCount; i++) {
    var angle = 2 * Math.PI * i / holeCount;
    var x = circleRadius * Math.cos(angle);
    var y = circleRadius * Math.sin(angle);
    holes.push(CSG.cylinder({
      start: [x, y, -1],
      end: [x, y, thickness + 1],
      radius: holeRadius,
      slices: 32
    }));
  }
  return plate.subtract(unionAll(holes));
}

)";

// Shared by the families that join many solids.
inline constexpr std::string_view kUnionAll =
    R"(// Joins solids pairwise, which keeps csg.js much faster than adding them one at a time.
function unionAll(solids) {
  while (solids.length > 1) {
    var joined = [];
    for (var i = 0; i < solids.length; i += 2) {
      joined.push(i + 1 < solids.length ? solids[i].union(solids[i + 1]) : solids[i]);
    }
    solids = joined;
  }
  return solids[0];
}

)";

}  // namespace genx3d::worker::builtin::templates
