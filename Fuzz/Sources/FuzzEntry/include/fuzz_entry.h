// Nothing to import: FuzzEntry only defines the entry points SwiftPM links executables against.
#pragma once
