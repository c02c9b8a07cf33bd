// Placeholder replaced by the Directory benchmark generator.
print("comptoir-benchdata")
