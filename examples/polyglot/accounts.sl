// SOM objects driven from SL: SOM's Account keeps the balance and reports large movements
// through a logger that SL exports; SL runs a hot loop of transactions across the boundary.

function log(message) {
  println("[log] " + message);
}

function main() {
  export("log", log);
  account = new(import("Account"));
  account.deposit(100);
  account.withdraw(30);
  account.deposit(5000);
  i = 0;
  while (i < 10000) {
    account.deposit(2);
    account.withdraw(1);
    i = i + 1;
  }
  println("balance: " + account.balance());
  println("movements: " + account.movements());
  println("account: " + account);
  println(account.withdraw(1000000));
}
