// Debian's Chromium, headless, as every browser test starts it. The
// networking flags keep it from calling home: this machine's network is
// closed, and each refused connection would slow the tests down.
import { chromium } from "playwright-core";

export function launch() {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}
