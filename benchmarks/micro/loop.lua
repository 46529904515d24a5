local s = 0
local i = 0
while i < 100000000 do
  s = s + 1
  i = i + 1
end
print(s)
