// A core header that reaches up into the engine: the layer check must refuse it.
#pragma once

#include "engine/AgentRunner.h"
