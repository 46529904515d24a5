// Bounce (Are-We-Fast-Yet). stdin: the number of iterations. Plain Node.js.
"use strict";
const harness = require("./harness");

const { newRandom, nextRandom } = harness;

function abs(x) { return x < 0 ? 0 - x : x; }

function newBall(random) {
  return {
    x: nextRandom(random) % 500,
    y: nextRandom(random) % 500,
    xVel: (nextRandom(random) % 300) - 150,
    yVel: (nextRandom(random) % 300) - 150,
  };
}

function bounce(b) {
  const xLimit = 500;
  const yLimit = 500;
  let bounced = false;
  b.x += b.xVel;
  b.y += b.yVel;
  if (b.x > xLimit) { b.x = xLimit; b.xVel = 0 - abs(b.xVel); bounced = true; }
  if (b.x < 0) { b.x = 0; b.xVel = abs(b.xVel); bounced = true; }
  if (b.y > yLimit) { b.y = yLimit; b.yVel = 0 - abs(b.yVel); bounced = true; }
  if (b.y < 0) { b.y = 0; b.yVel = abs(b.yVel); bounced = true; }
  return bounced;
}

function benchmark() {
  const random = newRandom();
  const ballCount = 100;
  let bounces = 0;
  const balls = [];
  for (let i = 0; i < ballCount; i++) balls.push(newBall(random));
  for (let i = 0; i < 50; i++) {
    for (let j = 0; j < ballCount; j++) {
      if (bounce(balls[j])) bounces++;
    }
  }
  return bounces;
}

harness.run("Bounce", benchmark, 1331);
