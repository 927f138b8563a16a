"""The SOP as data, the engine that fires its transitions, and the working-time clock."""
